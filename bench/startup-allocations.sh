#!/usr/bin/env bash
# What a start allocates up to the first GraphQL answer, by the part of the service that asked
# (JFR allocation samples, every allocation outside a thread's buffer, weighted by its bytes):
#
#   BENCH_BINARY=target/activity-completion-service-0.1.0-SNAPSHOT-runner bench/startup-allocations.sh
#       the native executable, built with JFR: ./mvnw package -Dnative -DskipTests -Dquarkus.native.monitoring=jfr
#   bench/startup-allocations.sh [java]
#       the JVM (target/quarkus-app); java: a JDK 17+ java (default: java)
#
# Same database as bench/startup.sh (run that first: it migrates the database). A JDK's jfr and
# java (JAVA_HOME, else the ones on the PATH) read the recording.
set -euo pipefail
java="${1:-java}"
root="$(cd "$(dirname "$0")/.." && pwd)"
url="${BENCH_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/bench}"
port="${BENCH_PORT:-18080}"
jdk_bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# every allocation sample, not the default 150 a second (a start lasts a fraction of a second)
"${jdk_bin}jfr" configure --input profile 'jdk.ObjectAllocationSample#throttle=1000000/s' --output "$out/alloc.jfc" > /dev/null
record="-XX:StartFlightRecording=filename=$out/start.jfr,settings=$out/alloc.jfc"
if [ -n "${BENCH_BINARY:-}" ]; then
    QUARKUS_DATASOURCE_JDBC_URL="$url" QUARKUS_DATASOURCE_USERNAME="${BENCH_DB_USER:-postgres}" \
        COMPLETION_ADMIN_TOKEN=bench-admin "$BENCH_BINARY" "$record" -Dquarkus.http.port="$port" > "$out/log" 2>&1 &
else
    (cd "$root/target/quarkus-app" && QUARKUS_DATASOURCE_JDBC_URL="$url" \
        QUARKUS_DATASOURCE_USERNAME="${BENCH_DB_USER:-postgres}" COMPLETION_ADMIN_TOKEN=bench-admin \
        exec "$java" "$record" -Dquarkus.http.port="$port" -jar quarkus-run.jar > "$out/log" 2>&1) &
fi
pid=$!
until curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{ __typename }"}' \
        "http://127.0.0.1:$port/graphql"; do
    kill -0 "$pid" 2>/dev/null || { cat "$out/log"; exit 1; }
    sleep 0.01
done
answered=$(date +%s%3N)
kill "$pid"; wait "$pid" 2>/dev/null || true   # the recording is written as the process stops
[ -s "$out/start.jfr" ] || { echo "no recording; was the executable built with -Dquarkus.native.monitoring=jfr?" >&2; cat "$out/log"; exit 1; }
"${jdk_bin}java" "$root/bench/java/StartupAllocations.java" "$out/start.jfr" "$answered"
