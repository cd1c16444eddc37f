#!/usr/bin/env bash
# Many instances on one database (docs/scaling.md): the invalidation lag between two instances,
# idle and under write load, and the write throughput with the change feed and without it.
#
#   bench/scaling.sh                 (DURATION=10 seconds per wrk run, SAMPLES=300 lag samples)
#   APP=/tmp/other-build bench/scaling.sh
#
# 1. Instances A and B (feed on) on a fresh database with bench/seed.sql's course.
# 2. Lag, idle: bench/java/LagProbe.java ticks a manual activity through A and reads B until it
#    answers the new state (SAMPLES samples).
# 3. Lag under write load: the same while wrk sends grades (bench/lua/grade.lua) to A at 16 connections.
# 4. Write throughput through A with B listening, at 16 and 64 connections (grade.lua).
# 5. A alone with completion.change-feed.enabled=false: the same write runs.
# 6. Writes through A and B at once (32 connections each), feed on: the database's write rate.
#
# Needs: target/quarkus-app (./mvnw package -DskipTests), wrk, java, psql and a PostgreSQL on
# 127.0.0.1:5432 where user postgres may create databases.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
duration="${DURATION:-10}"
samples="${SAMPLES:-300}"
db=bench_scaling
a_port=18092
b_port=18093
export THREADS=2
. "$bench/lib.sh"
begin_run

create_seeded_database $a_port "$work/a.log" ${JOPTS:-}
a_pid=$service_pid; pids+=($a_pid)
start_service $b_port "$work/b.log" ${JOPTS:-}
b_pid=$service_pid; pids+=($b_pid)
export_seed_ids
labels="$(q "select string_agg(id::text, ',' order by sort_order) from activity where mod_name = 'label'")"

# wrk with the grade scenario; prints "<requests/s> <p50 ms> <p99 ms> <non-2xx + GraphQL errors>".
writes() {
    local port="$1" conns="$2"
    wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$bench/lua/grade.lua" "http://127.0.0.1:$port" > "$work/wrk.txt"
    awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {e+=$NF} /GraphQL errors/ {e+=$NF}
         END {printf "%s req/s  p50 %s  p99 %s  errors %d\n", r, p50, p99, e}' "$work/wrk.txt"
}
probe() {
    "${JAVA:-java}" "$bench/java/LagProbe.java" "http://127.0.0.1:$a_port" "http://127.0.0.1:$b_port" \
        "$COURSE" "$labels" "$STUDENT_BASE" "$1"
}
warm() { wrk -t2 -c16 -d5s -s "$bench/lua/grade.lua" "http://127.0.0.1:$1" > /dev/null; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("${JAVA:-java}" -version 2>&1 | head -1)"
warm $a_port; warm $b_port; probe 50 > /dev/null
echo "== lag A → B, idle"
probe "$samples"
echo "== lag A → B, while A takes grades at 16 connections"
wrk -t2 -c16 -d120s -s "$bench/lua/grade.lua" "http://127.0.0.1:$a_port" > "$work/load.txt" &
load=$!
probe "$samples"
kill $load 2>/dev/null || true; wait $load 2>/dev/null || true
echo "== writes through A, feed on, B listening"
for c in 16 64; do echo "  $c connections: $(writes $a_port $c)"; done
echo "== writes through A and B at once, 32 connections each, feed on"
wrk -t2 -c32 -d"${duration}s" -s "$bench/lua/grade.lua" "http://127.0.0.1:$b_port" > "$work/wrk-b.txt" &
other=$!
echo "  A: $(writes $a_port 32)"
wait $other
echo "  B: $(awk '/Requests\/sec/ {print $2 " req/s"}' "$work/wrk-b.txt")"
grep -h "WARN\|ERROR" "$work/a.log" "$work/b.log" | head -5 || true

kill $a_pid $b_pid; wait $a_pid $b_pid 2>/dev/null || true
pids=()
start_service $a_port "$work/a-alone.log" ${JOPTS:-} -Dcompletion.change-feed.enabled=false
pids+=($service_pid)
warm $a_port
echo "== writes through A alone, feed off"
for c in 16 64; do echo "  $c connections: $(writes $a_port $c)"; done
