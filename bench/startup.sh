#!/usr/bin/env bash
# Start-up to the first GraphQL answer, and RSS right after it, of the packaged service.
#
#   bench/startup.sh [runs] [java] [extra JVM options...]
#   BENCH_BINARY=target/activity-completion-service-0.1.0-SNAPSHOT-runner bench/startup.sh [runs]
#       the same for the native executable (./mvnw package -Dnative, docs/native.md)
#
# Uses PostgreSQL from BENCH_JDBC_URL (default: the local server's "bench" database, created
# if missing and migrated by a first, unmeasured start), so the figures do not include the
# embedded database's own start. Build first: ./mvnw package -DskipTests (add the AOT flags of
# docs/performance.md, with JDK 25, for the AOT cache).
set -euo pipefail
runs="${1:-5}"
java="${2:-java}"
shift 2 2>/dev/null || shift $#
extra=("$@")
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
user="${BENCH_DB_USER:-postgres}"
port="${BENCH_PORT:-18080}"

if [ -z "${BENCH_JDBC_URL:-}" ]; then
    psql -h 127.0.0.1 -U "$user" -tc "select 1 from pg_database where datname = 'bench'" | grep -q 1 \
        || psql -h 127.0.0.1 -U "$user" -c "create database bench" > /dev/null
fi

start_once() {
    local started now pid
    started=$(date +%s%N)
    launch_packaged "$java" "$port" /tmp/bench-startup.log "${extra[@]}"
    pid=$launched_pid
    await_first_answer "$pid" "$port" /tmp/bench-startup.log || exit 1
    now=$(date +%s%N)
    local jvm
    jvm=$(pgrep -P "$pid" java || echo "$pid")
    local rss
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$jvm/status" 2>/dev/null || awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$(( (now - started) / 1000000 )) $(( rss / 1024 ))"
}

start_once > /dev/null   # migrates an empty database; not measured
results=()
for _ in $(seq 1 "$runs"); do
    results+=("$(start_once)")
done
if [ -n "${BENCH_BINARY:-}" ]; then
    what="native $(basename "$BENCH_BINARY") ($(du -m "$BENCH_BINARY" | cut -f1) MB)"
else
    what="$("$java" -version 2>&1 | head -1)"
fi
printf '%s\n' "${results[@]}" | report_starts "$what ${extra[*]}" "first GraphQL answer"
