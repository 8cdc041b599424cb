# Shared helpers for bench/seed and bench/run (sourced, not executed).
# Environment (defaults): BENCH_DB=tenant_auth_bench BENCH_PORT=19080 PGHOST=127.0.0.1
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export QUARKUS_ANALYTICS_DISABLED=true
BENCH_DB="${BENCH_DB:-tenant_auth_bench}"
BENCH_PORT="${BENCH_PORT:-19080}"
BENCH_PASSWORD="${BENCH_PASSWORD:-bench-password-1}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-tenant_auth}" PGPASSWORD="${PGPASSWORD:-tenant_auth}"
BASE_URL="http://127.0.0.1:$BENCH_PORT"
SERVICE_PID=""

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

bpsql() { psql -X -v ON_ERROR_STOP=1 -q -At -d "$BENCH_DB" "$@"; }

ensure_jar() {
  if [ ! -f "$ROOT_DIR/target/quarkus-app/quarkus-run.jar" ]; then
    log "building the service jar"
    (cd "$ROOT_DIR" && ./mvnw -B -q -o package -DskipTests) || (cd "$ROOT_DIR" && ./mvnw -B -q package -DskipTests)
  fi
}

# BENCH_AOT_CACHE=path/to/app.aot: start with that JDK AOT cache (-XX:AOTCache, JDK 24+), made by
# `./mvnw verify -Dquarkus.package.jar.aot.enabled=true` (the *IT suite is the training run) or by
# bench/aot-image-steps (the image's build-time training run)
# BENCH_APP_DIR=dir: start dir/quarkus-run.jar instead of target/quarkus-app/quarkus-run.jar (an AOT
# cache only serves the jar at the path it was recorded with)
# start_service LOGFILE: starts the packaged service on 127.0.0.1:$BENCH_PORT against $BENCH_DB,
# waits until /q/health/ready answers 200 and sets SERVICE_PID and START_MS (start to ready).
# Call it directly, never in $(...): the pid must stay in this shell so stop_service can end it.
start_service() {
  local logfile="$1" t0 t1
  [ -n "${BENCH_APP_DIR:-}" ] || ensure_jar
  if curl -s -o /dev/null "$BASE_URL/q/health/live"; then
    log "port $BENCH_PORT is already taken by another process: stop it first"; return 1
  fi
  t0=$(date +%s%N)
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD" \
  QUARKUS_HTTP_PORT="$BENCH_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  TENANT_AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS=100000000 TENANT_AUTH_LOGIN_MAX_FAILURES_PER_EMAIL=100000000 \
  TENANT_AUTH_SIGNUP_MAX_PER_ADDRESS=100000000 \
  TENANT_AUTH_TOKEN_KEY_PUBLISH_DELAY=0s QUARKUS_LOG_LEVEL=WARN QUARKUS_LOG_CATEGORY__IO_QUARKUS__LEVEL=INFO \
  QUARKUS_LOG_CATEGORY__DEV_TENANTAUTH_USER__LEVEL=INFO \
    "$JAVA_HOME/bin/java" ${BENCH_AOT_CACHE:+-XX:AOTCache=$BENCH_AOT_CACHE} ${BENCH_JAVA_OPTS:-} \
      -jar "${BENCH_APP_DIR:-$ROOT_DIR/target/quarkus-app}/quarkus-run.jar" >"$logfile" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null "$BASE_URL/q/health/ready"; then
      t1=$(date +%s%N); START_MS=$(( (t1 - t0) / 1000000 )); return 0
    fi
    kill -0 "$SERVICE_PID" 2>/dev/null || { log "service died, see $logfile"; tail -20 "$logfile" >&2; return 1; }
    sleep 0.05
  done
  log "service not ready after 60 s"; return 1
}

stop_service() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}

# CPU ticks (utime+stime) of one process (all threads) / of every postgres process
proc_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# every postgres process alive now, plus what the postmaster has reaped (backends of connections
# that ended: pgbench opens its own) via its cutime+cstime
pg_ticks() {
  local s=0 p pm
  for p in $(pgrep -u postgres); do s=$((s + $(proc_ticks "$p"))); done
  pm=$(pgrep -u postgres -o -x postgres || true)
  [ -z "$pm" ] || s=$((s + $(awk '{print $16+$17}' "/proc/$pm/stat" 2>/dev/null || echo 0)))
  echo "$s"
}
# busy and total jiffies of the whole machine (every process, including other users of it)
sys_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
rss_kib() { local v; v=$(awk '/VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null); echo "${v:-0}"; }
hwm_kib() { local v; v=$(awk '/VmHWM/{print $2}' "/proc/$1/status" 2>/dev/null); echo "${v:-0}"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# The five composite indexes the "without" variant drops: V2..V4 and V10 (the keyset index also
# serves the member listing, so it must go too for a fair "without").
COMPOSITE_INDEXES="ix_refresh_tokens_user_tenant ix_membership_user_tenant_active ix_membership_tenant_active ix_membership_tenant_keyset"
drop_composite_indexes() {
  local i
  for i in $COMPOSITE_INDEXES; do bpsql -c "DROP INDEX CONCURRENTLY IF EXISTS $i"; done
}
create_composite_indexes() {
  local f
  for f in V2__ix_refresh_tokens_user_tenant V3__ix_membership_user_tenant_active V4__ix_membership_tenant_active V10__ix_membership_tenant_keyset; do
    bpsql -f "$ROOT_DIR/src/main/resources/db/migration/$f.sql"
  done
  bpsql -c "ANALYZE user_tenant_membership, refresh_tokens"
}
