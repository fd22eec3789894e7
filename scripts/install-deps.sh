#!/usr/bin/env bash
# Installs, from Debian's packages and only when missing, everything medins needs
# to build, test and demo.  Idempotent: a second run installs nothing.
#   PG_MAJOR   PostgreSQL major version (default 15, what Debian 12 ships)
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
packages=(
	build-essential pkg-config libicu-dev
	"postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" postgresql-common
	"postgresql-$PG_MAJOR-pgtap" libtap-parser-sourcehandler-pgtap-perl
)

missing=()
for pkg in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$pkg")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
	as_root=(sudo)
else
	cat >&2 <<MSG
medins: these Debian packages are missing: ${missing[*]}
Install them as root, then run this command again:
    sudo apt-get install -y ${missing[*]}
MSG
	exit 1
fi

echo "medins: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Try the package lists we have first; refresh them only when that fails
# (a fresh machine may have none, or stale ones).
if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
	"${as_root[@]}" apt-get update -q >/dev/null
	"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
