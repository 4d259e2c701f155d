#!/usr/bin/env bash
# Bring up a real CKAN 2.12 stack on loopback for stcat: PostgreSQL 15, Redis, Solr 9 and
# CKAN (datastore, scheming, dcat) under gunicorn. Re-runnable: services that already run
# and answer are kept; the CKAN venv, the Solr classpath and ~/.m2 are reused between runs.
# Writes var/ckan/env (CKAN_URL=..., CKAN_API_TOKEN=...). See deploy/ckan/README.md.
set -Eeuo pipefail
# shellcheck source=deploy/ckan/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

T_START="$(now)"
CURRENT_STEP="start"
CURRENT_LOGS=()
STEP_REPORT=()
trap 'die "step \"$CURRENT_STEP\" failed (exit $?, up.sh line $LINENO)" "${CURRENT_LOGS[@]}"' ERR

step_begin() { CURRENT_STEP="$1"; STEP_T0="$(now)"; CURRENT_LOGS=("${@:2}"); log "$1 ..."; }
step_end() {  # step_end [NOTE]
  local t; t="$(elapsed "$STEP_T0")"
  STEP_REPORT+=("$(printf '%-16s %6ss  %s' "$CURRENT_STEP" "$t" "${1:-}")")
  log "$CURRENT_STEP: ${t}s ${1:-}"
}

mkdir -p "$CACHE_DIR" "$STATE_DIR" "$LOG_DIR" "$RUN_DIR" "$CKAN_DIR" "$REDIS_DIR"
# fd 9 holds the lock; every daemon below is started with 9>&- so it does not inherit it
exec 9>"$CACHE_DIR/.up.lock"
flock -w 900 9 || die "another up.sh holds $CACHE_DIR/.up.lock"

CKAN_PYTHON="${STCAT_CKAN_PYTHON:-python3.11}"
secret() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }
[ -f "$SECRETS_FILE" ] || {
  umask 077
  printf 'PG_CKAN_PASSWORD=%s\nPG_DATASTORE_PASSWORD=%s\nPG_DATASTORE_RO_PASSWORD=%s\nSYSADMIN_PASSWORD=%s\n' \
    "$(secret)" "$(secret)" "$(secret)" "$(secret)" >"$SECRETS_FILE"
  umask 022
}
# shellcheck disable=SC1090
source "$SECRETS_FILE"
ckan_cli() { "$VENV/bin/ckan" -c "$CKAN_INI" "$@"; }
psql_admin() {  # psql as the cluster superuser over the private unix socket
  local dir; dir="$(pg_dir)"
  runuser -u postgres -- "$PG_BIN/psql" -h "$dir/run" -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

# ---------------------------------------------------------------- 1. system packages
step_begin "apt" "$LOG_DIR/apt.log"
need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || need+=(redis-tools)
[ -x "$PG_BIN/initdb" ] || need+=(postgresql)
command -v pg_config >/dev/null || need+=(libpq-dev)
command -v gcc >/dev/null || need+=(build-essential)
command -v curl >/dev/null || need+=(curl)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v "$CKAN_PYTHON" >/dev/null || need+=(python3.11 python3.11-venv python3.11-dev)
# headless Chromium: the tests open the catalog pages as a reader does (tests/integration/test_*_browser.py)
command -v chromium >/dev/null || need+=(chromium fonts-noto-core)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing: ${need[*]}"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"; } \
    >"$LOG_DIR/apt.log" 2>&1
  step_end "installed ${need[*]}"
else
  step_end "all present"
fi

# ---------------------------------------------------------------- 2. CKAN venv + Solr build
venv_key="$("$CKAN_PYTHON" -c 'import sys; print(sys.version.split()[0])') ${CKAN_PIP_SPEC[*]}"
solr_key="$(cat "$STCAT_DEPLOY_DIR/solr/pom.xml" "$STCAT_DEPLOY_DIR"/solr/src/main/java/stcat/solr/*.java | sha256sum | cut -c1-16)"

build_solr() {  # runs in the background on a first run, beside pip
  local t0; t0="$(now)"
  rm -rf "$SOLR_BUILD"
  mvn -B -q -f "$STCAT_DEPLOY_DIR/solr/pom.xml" -Dstcat.solr.build="$SOLR_BUILD" package \
    >"$LOG_DIR/solr-build.log" 2>&1
  echo "$solr_key" >"$SOLR_BUILD/.stcat-key"
  log "solr-build: $(elapsed "$t0")s (Maven, in parallel with pip)"
}
solr_pid=""
if [ "$(cat "$SOLR_BUILD/.stcat-key" 2>/dev/null)" != "$solr_key" ] || [ ! -f "$SOLR_BUILD/classes/stcat/solr/Main.class" ]; then
  build_solr & solr_pid=$!
fi

step_begin "ckan-venv" "$LOG_DIR/pip.log"
if [ "$(cat "$VENV/.stcat-key" 2>/dev/null)" != "$venv_key" ] || [ ! -x "$VENV/bin/ckan" ]; then
  [ -x "$VENV/bin/python" ] || "$CKAN_PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${CKAN_PIP_SPEC[@]}" >"$LOG_DIR/pip.log" 2>&1
  echo "$venv_key" >"$VENV/.stcat-key"
  step_end "installed CKAN $CKAN_VERSION into $VENV"
else
  step_end "reused $VENV"
fi

if [ -n "$solr_pid" ]; then
  step_begin "solr-build" "$LOG_DIR/solr-build.log"
  wait "$solr_pid" || die "Maven build of the Solr runner failed" "$LOG_DIR/solr-build.log"
  step_end "built into $SOLR_BUILD (waited after pip)"
else
  STEP_REPORT+=("$(printf '%-16s %6ss  %s' solr-build 0.0 "reused $SOLR_BUILD")")
fi

# ---------------------------------------------------------------- 3. Solr (started now, awaited later)
step_begin "solr-start" "$LOG_DIR/solr.log"
solr_ping() { curl -sf -m 3 "$SOLR_CORE_URL/admin/ping?wt=json" 2>/dev/null | grep -q '"status":"OK"'; }
mkdir -p "$SOLR_HOME/ckan/conf"
cp "$STCAT_DEPLOY_DIR/solr/home/solr.xml" "$SOLR_HOME/solr.xml"
cp "$STCAT_DEPLOY_DIR/solr/home/solrconfig.xml" "$SOLR_HOME/ckan/conf/solrconfig.xml"
cp "$STCAT_DEPLOY_DIR/solr/home/log4j2.xml" "$SOLR_HOME/log4j2.xml"
ckan_pkg="$("$VENV/bin/python" -c 'import ckan, os; print(os.path.dirname(ckan.__file__))')"
cp "$ckan_pkg/config/solr/schema.xml" "$SOLR_HOME/ckan/conf/schema.xml"
for f in synonyms.txt protwords.txt stopwords.txt; do touch "$SOLR_HOME/ckan/conf/$f"; done
echo "name=ckan" >"$SOLR_HOME/ckan/core.properties"
solr_started=0
if pid_alive "$RUN_DIR/solr.pid" "$SOLR_MARK"; then
  step_end "already running (pid $(cat "$RUN_DIR/solr.pid"))"
elif port_open "$SOLR_PORT"; then
  die "port $SOLR_PORT (Solr) is taken by a process this stack did not start; set STCAT_SOLR_PORT"
else
  echo "==== $(date -Is) up.sh starts Solr on port $SOLR_PORT" >>"$LOG_DIR/solr.log"
  # shellcheck disable=SC2086
  setsid java ${STCAT_SOLR_JAVA_OPTS:--Xmx512m} -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$SOLR_HOME/log4j2.xml" -Dsolr.log.dir="$LOG_DIR" \
    -cp "$SOLR_BUILD/classes:$SOLR_BUILD/lib/*" stcat.solr.Main "$SOLR_HOME" "$SOLR_PORT" \
    </dev/null >>"$LOG_DIR/solr.log" 2>&1 9>&- &
  echo $! >"$RUN_DIR/solr.pid"
  solr_started=1
  step_end "launched pid $! (health awaited below)"
fi

# ---------------------------------------------------------------- 4. CKAN config (background)
cp "$STCAT_DEPLOY_DIR/stcat_dataset.yaml" "$CKAN_DIR/stcat_dataset.yaml"
cp "$STCAT_DEPLOY_DIR/wsgi.py" "$CKAN_DIR/wsgi.py"
# the portal's face: template overrides (no stock placeholder) and static files (logo)
rm -rf "$CKAN_DIR/templates" "$CKAN_DIR/public"
cp -r "$STCAT_DEPLOY_DIR/templates" "$CKAN_DIR/templates"
cp -r "$STCAT_DEPLOY_DIR/public" "$CKAN_DIR/public"
# site title, intro, about, logo, locale vi (English offered) from the province config
# (STCAT_SITE_CONFIG, default config/provinces/backan.yaml); one key=value per line
site_out="$("$VENV/bin/python" "$STCAT_DEPLOY_DIR/site_settings.py" "$CKAN_DIR")" \
  || die "deploy/ckan/site_settings.py failed (STCAT_SITE_CONFIG=${STCAT_SITE_CONFIG:-})"
mapfile -t site_settings <<<"$site_out"
mkdir -p "$CKAN_DIR/storage"
settings=(
  "sqlalchemy.url=postgresql://ckan_default:$PG_CKAN_PASSWORD@127.0.0.1:$PG_PORT/ckan_default"
  "ckan.datastore.write_url=postgresql://ckan_default:$PG_CKAN_PASSWORD@127.0.0.1:$PG_PORT/datastore_default"
  "ckan.datastore.read_url=postgresql://datastore_ro:$PG_DATASTORE_RO_PASSWORD@127.0.0.1:$PG_PORT/datastore_default"
  "ckan.datastore.sqlsearch.enabled=true"
  "ckan.redis.url=redis://127.0.0.1:$REDIS_PORT/0"
  "solr_url=$SOLR_CORE_URL"
  "ckan.site_url=$CKAN_URL"
  "ckan.site_id=stcat_local"
  "${site_settings[@]}"
  "ckan.storage_path=$CKAN_DIR/storage"
  "ckan.max_resource_size=100"
  "ckan.plugins=activity datastore scheming_datasets dcat structured_data image_view datatables_view"
  "scheming.dataset_schemas=file://$CKAN_DIR/stcat_dataset.yaml"
  "scheming.presets=ckanext.scheming:presets.json"
  "scheming.dataset_fallback=false"
  # DCAT-AP puts the licence on each distribution: ckanext-dcat copies the dataset's (an IRI)
  "ckanext.dcat.resource.inherit.license=true"
)
config_key="$( { printf '%s\n' "${settings[@]}"; cat "$CKAN_DIR/stcat_dataset.yaml" "$CKAN_DIR/wsgi.py";
  find "$CKAN_DIR/templates" "$CKAN_DIR/public" -type f | sort | xargs cat; } | sha256sum | cut -c1-16)"
config_pid=""
config_t0="$(now)"
if [ "$(cat "$CKAN_DIR/.settings-key" 2>/dev/null)" != "$config_key" ] || [ ! -f "$CKAN_INI" ]; then
  log "ckan-config: generate config / config-tool (in the background) ..."
  (
    if [ ! -f "$CKAN_INI" ]; then
      "$VENV/bin/ckan" generate config "$CKAN_INI.tmp"
      chmod 600 "$CKAN_INI.tmp"
      mv "$CKAN_INI.tmp" "$CKAN_INI"
    fi
    "$VENV/bin/ckan" config-tool "$CKAN_INI" "${settings[@]}"
    echo "$config_key" >"$CKAN_DIR/.settings-key"
  ) >>"$LOG_DIR/ckan-config.log" 2>&1 &
  config_pid=$!
else
  STEP_REPORT+=("$(printf '%-16s %6ss  %s' ckan-config 0.0 unchanged)")
fi

# ---------------------------------------------------------------- 5. PostgreSQL
step_begin "postgres"
PGD="$(pg_dir)"
if [ -z "$PGD" ]; then
  if runuser -u postgres -- test -x "$STATE_DIR"; then
    PGD="$PG_LINK"; mkdir -p "$PGD"
  else  # e.g. state under /root (mode 700): keep the cluster where `postgres` can reach it
    PGD="/var/lib/postgresql/stcat-ckan/$(printf '%s' "$STATE_DIR" | sha1sum | cut -c1-12)"
    mkdir -p "$PGD"; ln -sfn "$PGD" "$PG_LINK"
  fi
  chown postgres:postgres "$PGD"
fi
CURRENT_LOGS=("$PGD/log/postgresql.log" "$PGD/log/initdb.log")
if [ ! -f "$PGD/data/PG_VERSION" ]; then
  rm -rf "$PGD/data"
  runuser -u postgres -- mkdir -p "$PGD/data" "$PGD/log" "$PGD/run"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGD/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$PGD/log/initdb.log" 2>&1
  cat >>"$PGD/data/postgresql.conf" <<CONF
# --- stcat local CKAN stack (deploy/ckan/up.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGD/run'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 128MB
CONF
  pg_note="initialised"
else
  pg_note="reused data"
fi
if pg_running "$PGD"; then
  pg_note="$pg_note, already running"
elif port_open "$PG_PORT"; then
  die "port $PG_PORT (PostgreSQL) is taken by a process this stack did not start; set STCAT_PG_PORT"
else
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGD/data" -l "$PGD/log/postgresql.log" \
    -o "-p $PG_PORT" -w -t 60 start >/dev/null 9>&-
  pg_note="$pg_note, started"
fi
psql_admin -d postgres <<SQL
SELECT format('CREATE ROLE %I LOGIN', r) FROM unnest(ARRAY['ckan_default','datastore_default','datastore_ro']) AS r
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE ckan_default PASSWORD '$PG_CKAN_PASSWORD';
ALTER ROLE datastore_default PASSWORD '$PG_DATASTORE_PASSWORD';
ALTER ROLE datastore_ro PASSWORD '$PG_DATASTORE_RO_PASSWORD';
SELECT 'CREATE DATABASE ckan_default OWNER ckan_default ENCODING ''UTF8'''
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'ckan_default') \gexec
SELECT 'CREATE DATABASE datastore_default OWNER ckan_default ENCODING ''UTF8'''
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'datastore_default') \gexec
SQL
step_end "$pg_note on 127.0.0.1:$PG_PORT"

# ---------------------------------------------------------------- 6. Redis
step_begin "redis" "$LOG_DIR/redis.log"
redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }
if pid_alive "$RUN_DIR/redis.pid" "$REDIS_MARK" && redis_ping; then
  step_end "already running"
elif port_open "$REDIS_PORT"; then
  die "port $REDIS_PORT (Redis) is taken by a process this stack did not start; set STCAT_REDIS_PORT"
else
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" --dir "$REDIS_DIR" \
    --save "" --appendonly no >/dev/null 9>&-
  for _ in $(seq 1 50); do redis_ping && break; sleep 0.1; done
  redis_ping || die "Redis did not answer PING on port $REDIS_PORT" "$LOG_DIR/redis.log"
  step_end "started on 127.0.0.1:$REDIS_PORT"
fi

# ---------------------------------------------------------------- 7. CKAN database
if [ -n "$config_pid" ]; then
  CURRENT_STEP="ckan-config"
  wait "$config_pid" || die "ckan generate config / config-tool failed" "$LOG_DIR/ckan-config.log"
  STEP_REPORT+=("$(printf '%-16s %6ss  %s' ckan-config "$(elapsed "$config_t0")" "written $CKAN_INI (beside postgres/redis)")")
fi

step_begin "ckan-db" "$LOG_DIR/ckan-cli.log"
if [ ! -f "$STATE_DIR/.db-ready-$CKAN_VERSION" ]; then
  # the datastore permissions only need the config: apply them while `db init` runs
  ( ckan_cli datastore set-permissions | psql_admin -d postgres ) >>"$LOG_DIR/ckan-perms.log" 2>&1 &
  perms_pid=$!
  ckan_cli db init >>"$LOG_DIR/ckan-cli.log" 2>&1
  wait "$perms_pid" || die "ckan datastore set-permissions | psql failed" "$LOG_DIR/ckan-perms.log"
  touch "$STATE_DIR/.db-ready-$CKAN_VERSION"
  step_end "db init + datastore permissions (in parallel)"
else
  step_end "reused"
fi

# ---------------------------------------------------------------- 8. Solr health
step_begin "solr-health" "$LOG_DIR/solr.log"
for _ in $(seq 1 240); do
  solr_ping && break
  pid_alive "$RUN_DIR/solr.pid" "$SOLR_MARK" || die "Solr exited during start" "$LOG_DIR/solr.log"
  sleep 0.25
done
solr_ping || die "Solr core 'ckan' did not answer $SOLR_CORE_URL/admin/ping within 60 s" "$LOG_DIR/solr.log"
step_end "$SOLR_CORE_URL ok$([ "$solr_started" = 1 ] && echo " (waited)")"

# ---------------------------------------------------------------- 9. CKAN under gunicorn
step_begin "ckan-start" "$LOG_DIR/ckan.log"
status_ok() { curl -sf -m 5 "$CKAN_URL/api/3/action/status_show" 2>/dev/null | grep -q '"success": *true'; }
gpid="$RUN_DIR/gunicorn.pid"
web_note="started"
if pid_alive "$gpid" "$GUNICORN_MARK" && [ "$(cat "$RUN_DIR/gunicorn.key" 2>/dev/null)" != "$config_key" ]; then
  log "CKAN settings, schema or wsgi.py changed: restarting gunicorn"
  kill -TERM "$(cat "$gpid")"
  for _ in $(seq 1 300); do pid_alive "$gpid" "$GUNICORN_MARK" || break; sleep 0.1; done
  pid_alive "$gpid" "$GUNICORN_MARK" && die "gunicorn did not stop within 30 s for a restart" "$LOG_DIR/ckan.log"
  web_note="restarted (config changed)"
fi
if pid_alive "$gpid" "$GUNICORN_MARK"; then
  web_note="already running"
elif port_open "$CKAN_PORT"; then
  die "port $CKAN_PORT (CKAN) is taken by a process this stack did not start; set STCAT_CKAN_PORT"
else
  echo "==== $(date -Is) up.sh starts CKAN (gunicorn) on port $CKAN_PORT" >>"$LOG_DIR/ckan.log"
  # gunicorn appends to ckan.log itself; stdout/stderr go there too for errors before it opens it
  # shellcheck disable=SC2094
  CKAN_INI="$CKAN_INI" setsid "$VENV/bin/gunicorn" --chdir "$CKAN_DIR" \
    --workers "${STCAT_CKAN_WORKERS:-2}" --bind "127.0.0.1:$CKAN_PORT" --timeout 120 --graceful-timeout 10 \
    --access-logfile "$LOG_DIR/ckan-access.log" --error-logfile "$LOG_DIR/ckan.log" --capture-output \
    wsgi:application </dev/null >>"$LOG_DIR/ckan.log" 2>&1 9>&- &
  echo $! >"$gpid"
fi
echo "$config_key" >"$RUN_DIR/gunicorn.key"
step_end "$web_note"

# ---------------------------------------------------------------- 10. sysadmin + API token
# A new token is made with the CLI while gunicorn boots; a stored one is checked over HTTP
# (config_option_list is a sysadmin-only action) once CKAN answers, and replaced if refused.
make_token() {
  local is_admin
  is_admin="$(psql_admin -d ckan_default -At -c "SELECT sysadmin FROM \"user\" WHERE name = '$SYSADMIN_USER' AND state = 'active'")"
  if [ "$is_admin" != "t" ]; then  # creates the user too when it does not exist yet
    ckan_cli sysadmin add "$SYSADMIN_USER" --create email=stcat-admin@example.org password="$SYSADMIN_PASSWORD" \
      >>"$LOG_DIR/ckan-cli.log" 2>&1
  fi
  token="$(ckan_cli user token add "$SYSADMIN_USER" "stcat-$(date +%Y%m%dT%H%M%S)" 2>>"$LOG_DIR/ckan-cli.log" | tail -n 1 | tr -d '[:space:]')"
  [ -n "$token" ] || die "ckan user token add printed no token" "$LOG_DIR/ckan-cli.log"
  (umask 077; printf '%s\n' "$token" >"$STATE_DIR/api_token")
}
token_ok() {
  [ -n "$1" ] && [ "$(curl -s -o /dev/null -m 10 -w '%{http_code}' -H "Authorization: $1" \
    "$CKAN_URL/api/3/action/config_option_list")" = "200" ]
}
token="$(cat "$STATE_DIR/api_token" 2>/dev/null || true)"
tok_note="reused token"
if [ -z "$token" ]; then
  step_begin "api-token" "$LOG_DIR/ckan-cli.log"
  make_token
  tok_note="new token for $SYSADMIN_USER"
  step_end "$tok_note (while gunicorn boots)"
fi

step_begin "ckan-web" "$LOG_DIR/ckan.log"
for _ in $(seq 1 480); do
  status_ok && break
  pid_alive "$gpid" "$GUNICORN_MARK" || die "gunicorn (CKAN) exited during start" "$LOG_DIR/ckan.log"
  sleep 0.25
done
status_ok || die "CKAN did not answer $CKAN_URL/api/3/action/status_show within 120 s" "$LOG_DIR/ckan.log"
if ! token_ok "$token"; then
  CURRENT_LOGS=("$LOG_DIR/ckan-cli.log" "$LOG_DIR/ckan.log")
  log "stored API token refused: making a new one"
  make_token
  tok_note="new token for $SYSADMIN_USER"
  token_ok "$token" || die "the new API token for $SYSADMIN_USER is refused by CKAN" "$LOG_DIR/ckan-cli.log" "$LOG_DIR/ckan.log"
fi
mkdir -p "$(dirname "$ENV_FILE")"
(umask 077; printf 'CKAN_URL=%s\nCKAN_API_TOKEN=%s\n' "$CKAN_URL" "$token" >"$ENV_FILE.tmp")
chmod 600 "$ENV_FILE.tmp"
mv -f "$ENV_FILE.tmp" "$ENV_FILE"
step_end "$CKAN_URL/api/3/action/status_show ok; $tok_note; wrote $ENV_FILE"

# ---------------------------------------------------------------- summary
trap - ERR
{
  echo "[ckan-stack] step timings:"
  printf '  %s\n' "${STEP_REPORT[@]}"
  echo "[ckan-stack] total: $(elapsed "$T_START")s"
  echo "[ckan-stack] CKAN $CKAN_URL  Solr $SOLR_CORE_URL  PostgreSQL 127.0.0.1:$PG_PORT  Redis 127.0.0.1:$REDIS_PORT"
  echo "[ckan-stack] state and logs: $STATE_DIR (logs in $LOG_DIR); env: $ENV_FILE"
} >&2
