# Shared helpers for medins' scripts: build, install and a throwaway server.
# Source it; it defines functions and sets no options of its own.

MEDINS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# pg_config of the server to build against: $PG_CONFIG, else Debian's
# versioned one, else whatever is on PATH.
medins_pg_config() {
	if [ -n "${PG_CONFIG:-}" ]; then
		echo "$PG_CONFIG"
	elif [ -x "/usr/lib/postgresql/${PG_MAJOR:-15}/bin/pg_config" ]; then
		echo "/usr/lib/postgresql/${PG_MAJOR:-15}/bin/pg_config"
	else
		echo pg_config
	fi
}

# Run a command as root (directly, or through sudo) — for `make install`
# into a system PostgreSQL.  A private PG_CONFIG needs no root.
medins_as_installer() {
	local sharedir
	sharedir=$("$(medins_pg_config)" --sharedir)
	if [ -w "$sharedir/extension" ] || [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

medins_build_install() {
	local pgc
	pgc=$(medins_pg_config)
	make -C "$MEDINS_ROOT" -s PG_CONFIG="$pgc" >/dev/null
	medins_as_installer make -C "$MEDINS_ROOT" -s PG_CONFIG="$pgc" install >/dev/null
}

# Start a throwaway PostgreSQL: initdb in a temporary directory, a free
# loopback port, its socket in the same directory.  Exports PGHOST, PGPORT,
# PGUSER and MEDINS_PGDATA; medins_pg_stop (run from an EXIT trap) removes it.
# As root the server runs as the 'postgres' user, since initdb refuses root.
medins_pg_start() {
	local bindir run=() port tries=0
	bindir=$("$(medins_pg_config)" --bindir)
	MEDINS_PGTMP=$(mktemp -d /tmp/medins-pg.XXXXXX)
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$MEDINS_PGTMP"
		run=(runuser -u postgres --)
	fi
	export MEDINS_PGDATA=$MEDINS_PGTMP/data
	"${run[@]}" "$bindir/initdb" -D "$MEDINS_PGDATA" -U postgres -A trust \
		-E UTF8 --locale=C.UTF-8 >"$MEDINS_PGTMP/initdb.log" 2>&1 ||
		{ cat "$MEDINS_PGTMP/initdb.log" >&2; return 1; }
	cat >>"$MEDINS_PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$MEDINS_PGTMP'
# A throwaway server: durability buys nothing here.
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 1GB
work_mem = 64MB
maintenance_work_mem = 512MB
max_wal_size = 8GB
max_connections = 60
max_locks_per_transaction = 256
log_min_messages = warning
CONF
	while :; do
		port=$((20000 + RANDOM % 40000))
		sed -i "/^port = /d" "$MEDINS_PGDATA/postgresql.conf"
		echo "port = $port" >>"$MEDINS_PGDATA/postgresql.conf"
		if "${run[@]}" "$bindir/pg_ctl" -D "$MEDINS_PGDATA" -l "$MEDINS_PGTMP/server.log" \
			-w -t 60 start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			cat "$MEDINS_PGTMP/server.log" >&2
			return 1
		fi
	done
	export PGHOST=$MEDINS_PGTMP PGPORT=$port PGUSER=postgres
	unset PGDATABASE PGPASSWORD PGSERVICE
}

medins_pg_stop() {
	[ -n "${MEDINS_PGDATA:-}" ] && [ -d "$MEDINS_PGDATA" ] || return 0
	local bindir run=()
	bindir=$("$(medins_pg_config)" --bindir)
	[ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
	"${run[@]}" "$bindir/pg_ctl" -D "$MEDINS_PGDATA" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$MEDINS_PGTMP"
	unset MEDINS_PGDATA
}
