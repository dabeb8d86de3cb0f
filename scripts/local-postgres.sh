#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the DuckLake catalog (tests, a laptop demo).
#
#   scripts/local-postgres.sh start DIR [--port N] [--db NAME]   # prints the libpq conninfo
#   scripts/local-postgres.sh stop DIR
#   scripts/local-postgres.sh status DIR                         # exit 0 when it runs
#
# `start` creates the cluster in DIR/pgdata on first use (initdb, trust auth, user postgres),
# starts it listening on 127.0.0.1 only (no Unix socket) at a free port (or --port), creates the
# database NAME (default mfa_watch_lake) if missing, and prints one line for DuckLake:
#   dbname=mfa_watch_lake host=127.0.0.1 port=54329 user=postgres
# so:  mfa-watch run --warehouse "ducklake:postgres:$(scripts/local-postgres.sh start data/pg)"
# A second `start` on a running cluster prints the same line. `stop` is a fast shutdown.
#
# Why a script: the tests and the docs need the same cluster, started the same way, and
# initdb refuses to run as root. As root, everything runs as the `postgres` system user
# (runuser), DIR is handed to that user, and DIR's parents must let it in (a folder under /tmp
# or /var/tmp; pytest's own temporary folders are root-only). Trust authentication on loopback
# suits a throwaway cluster only: use a real server with passwords for a shared warehouse.
# The binaries come from Debian's postgresql package (scripts/install-postgres.sh).
set -euo pipefail

usage() { sed -n '2,6p' "$0" >&2; exit 2; }
die() { echo "local-postgres: $*" >&2; exit 1; }

(($# >= 2)) || usage
CMD=$1 DIR=$2
shift 2
PORT="" DB=mfa_watch_lake
while (($#)); do
  case $1 in
    --port) PORT=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "database name must be lower-case letters, digits, _: $DB"

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  found=$(command -v initdb || true)
  [ -n "$found" ] || die "no PostgreSQL server binaries: run scripts/install-postgres.sh"
  dirname "$found"
}
BIN=$(bindir)
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
DATA=$DIR/pgdata
LOG=$DIR/postgres.log
PORT_FILE=$DIR/port

# As root, run the PostgreSQL tools as the postgres user; otherwise as ourselves.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

conninfo() { echo "dbname=$DB host=127.0.0.1 port=$(cat "$PORT_FILE") user=postgres"; }

running() { [ -f "$DATA/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

create_db() {
  local port
  port=$(cat "$PORT_FILE")
  if ! as_pg "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc \
      "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    as_pg "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB"
  fi
}

start() {
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$DIR"
    runuser -u postgres -- test -w "$DIR" ||
      die "$DIR is not reachable by the postgres user (a parent folder is closed to it): use a folder under /tmp or /var/tmp"
  fi
  if running; then
    create_db
    conninfo
    return
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_pg "$BIN/initdb" -D "$DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
      die "initdb failed: see $DIR/initdb.log"
  fi
  local tries=0
  while :; do
    local port=${PORT:-$(free_port)}
    echo "$port" >"$PORT_FILE"
    if as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -p $port" start >/dev/null; then
      break
    fi
    tries=$((tries + 1))
    # a port taken between the probe and the start: try another one (never with --port)
    if [ -n "$PORT" ] || ((tries >= 3)); then die "pg_ctl start failed: see $LOG"; fi
  done
  create_db
  conninfo
}

stop() {
  if running; then
    as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  fi
}

case $CMD in
  start) start ;;
  stop) stop ;;
  status) if running; then conninfo; else echo "local-postgres: not running in $DIR" >&2; exit 3; fi ;;
  *) usage ;;
esac
