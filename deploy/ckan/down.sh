#!/usr/bin/env bash
# Stop the local CKAN stack started by up.sh: gunicorn, Solr, Redis, PostgreSQL. Idempotent.
#   down.sh           stop the services, keep all state (databases, index, token)
#   down.sh --purge   also delete the state (data dirs, logs, ckan.ini, token, var/ckan/env);
#                     the CKAN venv, the built Solr classpath and ~/.m2 are kept
set -Euo pipefail
# shellcheck source=deploy/ckan/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

purge=0
case "${1:-}" in
  --purge) purge=1 ;;
  "") ;;
  *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac
T0="$(now)"
failed=0

# SIGTERM, wait up to TIMEOUT_S, then SIGKILL; only a process whose command line carries MARK
stop_pidfile() {  # stop_pidfile NAME PIDFILE MARK TIMEOUT_S
  local name="$1" file="$2" mark="$3" timeout="$4" pid i t0
  t0="$(now)"
  if ! pid_alive "$file" "$mark"; then
    log "$name: not running"; rm -f "$file"; return 0
  fi
  pid="$(tr -dc '0-9' <"$file")"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    pid_alive "$file" "$mark" || break
    sleep 0.1
  done
  if pid_alive "$file" "$mark"; then
    log "$name: still alive after ${timeout}s, sending SIGKILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  if pid_alive "$file" "$mark"; then
    log "$name: ERROR: pid $pid would not stop"; failed=1; return 0
  fi
  rm -f "$file"
  log "$name: stopped (pid $pid) in $(elapsed "$t0")s"
}

stop_pidfile "ckan (gunicorn)" "$RUN_DIR/gunicorn.pid" "$GUNICORN_MARK" 30
stop_pidfile "solr" "$RUN_DIR/solr.pid" "$SOLR_MARK" 30

stop_pidfile "redis" "$RUN_DIR/redis.pid" "$REDIS_MARK" 10  # SIGTERM: Redis exits without saving (save "")

PGD="$(pg_dir)"
t0="$(now)"
if [ -n "$PGD" ] && [ -f "$PGD/data/PG_VERSION" ] && pg_running "$PGD"; then
  if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGD/data" -m fast -w -t 60 stop >/dev/null; then
    log "postgres: stopped in $(elapsed "$t0")s"
  else
    log "postgres: ERROR: pg_ctl stop failed (see $PGD/log/postgresql.log)"; failed=1
  fi
else
  log "postgres: not running"
fi

if [ "$purge" = 1 ]; then
  if [ "$failed" = 1 ]; then
    log "not purging: some service did not stop"; exit 1
  fi
  if [ -n "$PGD" ] && [ "$PGD" != "$PG_LINK" ]; then rm -rf "$PGD"; fi
  rm -rf "$STATE_DIR" "$ENV_FILE"
  log "purged $STATE_DIR and $ENV_FILE (kept $VENV, $SOLR_BUILD and ~/.m2)"
fi
log "down in $(elapsed "$T0")s"
exit "$failed"
