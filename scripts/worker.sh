#!/usr/bin/env bash
# One Prefect worker of the scale-out pool (flows/scaleout_deploy.py), in the foreground.
#
#   scripts/worker.sh [--name NAME] [--limit N] [--queues crawl,backfill[,load]] [--pool POOL]
#
# Defaults: name <host>-<pid>, limit = cores, queues crawl,backfill, pool mfa-watch-workers.
# Only the worker on the warehouse's machine adds `load`. Needs PREFECT_API_URL. Every machine
# needs the code at the same path (a run starts in the folder its deployment was made from) and
# the landing folder at the same path (shared storage). Run it from systemd, Docker or a
# terminal; to start several from a script, plain `scripts/worker.sh ... &` is fine: see below.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
NAME="$(hostname)-$$"
LIMIT=$(nproc)
QUEUES=crawl,backfill
POOL=mfa-watch-workers
while (($#)); do
  case $1 in
    --name) NAME=$2; shift 2 ;;
    --limit) LIMIT=$2; shift 2 ;;
    --queues) QUEUES=$2; shift 2 ;;
    --pool) POOL=$2; shift 2 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "worker.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
: "${PREFECT_API_URL:?set PREFECT_API_URL to the Prefect server, e.g. http://10.0.0.5:4200/api}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
export PREFECT_WORKER_QUERY_SECONDS=${PREFECT_WORKER_QUERY_SECONDS:-5}
args=(worker start --pool "$POOL" --type process --name "$NAME" --limit "$LIMIT")
IFS=, read -ra queues <<<"$QUEUES"
for queue in "${queues[@]}"; do args+=(--work-queue "$queue"); done
cd "$ROOT"
# A process started as `cmd &` by a non-interactive shell inherits SIGINT ignored, which bash
# cannot undo, and a Prefect worker so started stops neither on SIGINT nor on the first SIGTERM
# (shared/SCALING.md §2.3). Python puts SIGINT back to its default, then becomes the worker.
exec "$VENV/bin/python" -c \
  'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
  "$VENV/bin/prefect" "${args[@]}"
