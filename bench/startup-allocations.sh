#!/usr/bin/env bash
# What a start allocates up to the first GraphQL answer, by the part of the service that asked
# (JFR allocation samples, every allocation outside a thread's buffer, weighted by its bytes):
#
#   BENCH_BINARY=target/activity-completion-service-0.1.0-SNAPSHOT-runner bench/startup-allocations.sh
#       the native executable, built with JFR: ./mvnw package -Dnative -DskipTests -Dquarkus.native.monitoring=jfr
#   SITES=20 BENCH_BINARY=… bench/startup-allocations.sh
#       also the 20 allocation sites that allocated most
#   bench/startup-allocations.sh [java]
#       the JVM (target/quarkus-app); java: a JDK 17+ java (default: java)
#
# Same database as bench/startup.sh (run that first: it migrates the database). A JDK's jfr and
# java (JAVA_HOME, else the ones on the PATH) read the recording.
set -euo pipefail
java="${1:-java}"
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
port="${BENCH_PORT:-18080}"
jdk_bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# every allocation sample, not the default 150 a second (a start lasts a fraction of a second)
"${jdk_bin}jfr" configure --input profile 'jdk.ObjectAllocationSample#throttle=1000000/s' --output "$out/alloc.jfc" > /dev/null
record="-XX:StartFlightRecording=filename=$out/start.jfr,settings=$out/alloc.jfc"
launch_packaged "$java" "$port" "$out/log" "$record"
pid=$launched_pid
await_first_answer "$pid" "$port" "$out/log"
answered=$(date +%s%3N)
kill "$pid"; wait "$pid" 2>/dev/null || true   # the recording is written as the process stops
[ -s "$out/start.jfr" ] || { echo "no recording; was the executable built with -Dquarkus.native.monitoring=jfr?" >&2; cat "$out/log"; exit 1; }
"${jdk_bin}java" "$root/bench/java/StartupAllocations.java" "$out/start.jfr" "$answered" "${SITES:-0}"
