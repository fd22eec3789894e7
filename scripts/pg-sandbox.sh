#!/usr/bin/env bash
# Makes a private, relocated copy of the system PostgreSQL installation
# (binaries, share, server headers) under DIR and prints its pg_config.
# Several checkouts can then each `make install` medins into their own copy
# and test side by side:
#     export PG_CONFIG=$(scripts/pg-sandbox.sh /tmp/pg-mine)
#     ./scripts/test.sh
# PostgreSQL finds its share and lib directories relative to its binaries, so
# the copy works wherever it is.
set -euo pipefail
dir=${1:?usage: pg-sandbox.sh DIR}
major=${PG_MAJOR:-15}
if [ ! -x "$dir/usr/lib/postgresql/$major/bin/pg_config" ]; then
	mkdir -p "$dir/usr/lib/postgresql" "$dir/usr/share/postgresql" "$dir/usr/include"
	cp -a "/usr/lib/postgresql/$major" "$dir/usr/lib/postgresql/"
	cp -a "/usr/share/postgresql/$major" "$dir/usr/share/postgresql/"
	cp -a /usr/include/postgresql "$dir/usr/include/"
	chmod 755 "$dir"
fi
echo "$dir/usr/lib/postgresql/$major/bin/pg_config"
