#!/usr/bin/env bash
# Install Debian's PostgreSQL server for the DuckLake tests and demo, once.
#
# Why a script: a DuckLake keeps its catalog in PostgreSQL, and the tests start a throwaway
# cluster on loopback (scripts/local-postgres.sh) with the server's own initdb and pg_ctl,
# which only the distribution's package brings. Idempotent: when the server binaries are
# there it does nothing (no apt, no network, no root needed), so `make test` can call it every
# time. The package's own cluster (15/main) is not started by this script, and is not used.
# MFA_WATCH_POSTGRES_ROOT (default /usr/lib/postgresql) lets the tests point it elsewhere.
#
# Exit status: 0 when the server binaries are (now) installed; 1 when they are missing and
# this is not root (the message says what to run); apt-get's status when the install fails.
set -euo pipefail

PACKAGES=(postgresql)
ROOT="${MFA_WATCH_POSTGRES_ROOT:-/usr/lib/postgresql}"

server_bin() {
  # the newest $ROOT/<version>/bin that has initdb and pg_ctl
  local dir
  for dir in $(ls -d "$ROOT"/*/bin 2>/dev/null | sort -rV); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if dir=$(server_bin); then
  echo "install-postgres: PostgreSQL server is already installed ($dir)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-postgres: the PostgreSQL server is missing and installing it needs root." >&2
  echo "install-postgres: run as root:  apt-get update && apt-get install -y ${PACKAGES[*]}" >&2
  exit 1
fi

echo "install-postgres: PostgreSQL server is missing; installing ${PACKAGES[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${PACKAGES[@]}" >/dev/null

if ! dir=$(server_bin); then
  echo "install-postgres: apt-get finished but no initdb/pg_ctl under $ROOT" >&2
  exit 1
fi
echo "install-postgres: installed $("$dir/postgres" --version 2>/dev/null || echo "$dir")"
