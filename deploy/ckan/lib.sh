# Shared settings and helpers for deploy/ckan/{up,down,smoke}.sh. Sourced, not run.
# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this

STCAT_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STCAT_DEPLOY_DIR="$STCAT_REPO_ROOT/deploy/ckan"

# --- versions -------------------------------------------------------------------------
CKAN_VERSION="2.12.0"
CKAN_PIP_SPEC=("ckan[requirements]==$CKAN_VERSION" "ckanext-scheming==3.1.0" "ckanext-dcat==2.4.4" "gunicorn==27.0.1")

# --- places ---------------------------------------------------------------------------
# Kept between runs: the CKAN venv and the built Solr classpath (Maven's own cache is ~/.m2).
CACHE_DIR="${STCAT_CKAN_HOME:-$HOME/.cache/stcat-ckan}"
VENV="$CACHE_DIR/venv"
SOLR_BUILD="$CACHE_DIR/solr-build"
# Runtime state (databases, Solr index, logs, pids, ckan.ini, uploads). One stack per state dir.
STATE_DIR="${STCAT_CKAN_STATE:-$CACHE_DIR/state}"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
CKAN_DIR="$STATE_DIR/ckan"
CKAN_INI="$CKAN_DIR/ckan.ini"
SOLR_HOME="$STATE_DIR/solr"
REDIS_DIR="$STATE_DIR/redis"
SECRETS_FILE="$STATE_DIR/secrets.env"
# PostgreSQL runs as the `postgres` user, which must reach its data directory. $STATE_DIR/pg
# is that directory when it can (a real dir), else a symlink into /var/lib/postgresql.
PG_LINK="$STATE_DIR/pg"
# The contract file other tools source (relative to the repo that ran up.sh).
ENV_FILE="${STCAT_CKAN_ENV_FILE:-$STCAT_REPO_ROOT/var/ckan/env}"

# --- ports (loopback only) --------------------------------------------------------------
CKAN_PORT="${STCAT_CKAN_PORT:-5005}"
PG_PORT="${STCAT_PG_PORT:-54329}"
REDIS_PORT="${STCAT_REDIS_PORT:-63799}"
SOLR_PORT="${STCAT_SOLR_PORT:-8983}"
CKAN_URL="http://127.0.0.1:$CKAN_PORT"
SOLR_CORE_URL="http://127.0.0.1:$SOLR_PORT/solr/ckan"

PG_BIN="${STCAT_PG_BIN:-/usr/lib/postgresql/15/bin}"
SYSADMIN_USER="stcat_admin"

# --- helpers ----------------------------------------------------------------------------
log() { printf '[ckan-stack] %s\n' "$*" >&2; }

die() {  # die MESSAGE [LOGFILE...]: print, show the tail of each log, exit 1
  local msg="$1"; shift
  printf '[ckan-stack] ERROR: %s\n' "$msg" >&2
  local f
  for f in "$@"; do
    if [ -f "$f" ]; then
      printf '[ckan-stack] ---- last 40 lines of %s ----\n' "$f" >&2
      tail -n 40 "$f" >&2
      printf '[ckan-stack] ---- end of %s ----\n' "$f" >&2
    fi
  done
  exit 1
}

# pid_alive PIDFILE PATTERN: true when the file names a live process whose command line
# contains PATTERN (a stale pid file whose pid was reused by another program is not "alive")
pid_alive() {
  local pid cmd
  [ -s "$1" ] || return 1
  pid="$(tr -dc '0-9' < "$1")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *"$2"* ]]
}

# The command-line marks that identify this stack's processes (see pid_alive).
GUNICORN_MARK="gunicorn --chdir $CKAN_DIR"
SOLR_MARK="stcat.solr.Main $SOLR_HOME"
REDIS_MARK="redis-server 127.0.0.1:"

# pg_running DIR: true when the cluster in DIR/data runs. A postmaster.pid naming a process
# that is not a postgres (pid reused after a crash or a machine stop) is removed.
pg_running() {
  local f="$1/data/postmaster.pid" pid
  [ -f "$f" ] || return 1
  pid="$(head -n 1 "$f" | tr -dc '0-9')"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "postgres" ]; then
    return 0
  fi
  rm -f "$f"
  return 1
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pg_dir: the real PostgreSQL directory (resolves the fallback symlink); empty if none yet
pg_dir() {
  if [ -L "$PG_LINK" ] || [ -d "$PG_LINK" ]; then readlink -f "$PG_LINK"; fi
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
