#!/usr/bin/env bash
# Service CPU per request: runs the service alone (no PostGraphile), then for each scenario an
# 8 s warm-up and a measured wrk run, printing req/s, p50/p99 and the service's user and system
# CPU per request (from /proc/<pid>/stat). For A/B comparisons of two builds on the same machine:
#
#   bench/run.sh                                   # once: creates and seeds the database bench_load
#   cp -r target/quarkus-app /tmp/app-before       # ... change, ./mvnw package -DskipTests ...
#   APP=/tmp/app-before bench/cpu.sh "status repeat_view report status repeat_view report" 16 8
#   bench/cpu.sh "status repeat_view report status repeat_view report" 16 8
#
# Arguments: scenarios (bench/lua/<name>.lua), connections, seconds. APP: the quarkus-app folder
# (default target/quarkus-app); JAVA: the java to run it; JOPTS: extra JVM options.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
db=bench_load port=18090 connections="$2" seconds="$3"
threads=$((connections < 2 ? 1 : 2))
export THREADS=$threads
. "$bench/lib.sh"
export_seed_ids
start_service $port /tmp/bench-cpu-service.log ${JOPTS:-}
trap 'kill $service_pid 2>/dev/null || true' EXIT
jpid=$service_pid
url="http://127.0.0.1:$port/graphql"
for scenario in ceiling $1; do
    wrk -t$threads -c"$connections" -d8s -s "$bench/lua/$scenario.lua" "$url" > /dev/null
    read -r u0 s0 < <(awk '{print $14, $15}' /proc/$jpid/stat)
    out="$(wrk -t$threads -c"$connections" -d"${seconds}s" --latency -s "$bench/lua/$scenario.lua" "$url")"
    read -r u1 s1 < <(awk '{print $14, $15}' /proc/$jpid/stat)
    n="$(awk '/requests in/ {print $1}' <<< "$out")"
    tick_us=$((1000000 / $(getconf CLK_TCK)))
    echo "$scenario req/s=$(awk '/Requests\/sec/ {print $2}' <<< "$out") p50=$(awk '/ 50%/ {print $2}' <<< "$out")" \
        "p99=$(awk '/ 99%/ {print $2}' <<< "$out") errors=$(awk '/Non-2xx|GraphQL errors/ {n += $NF} END {print n + 0}' <<< "$out") user_us=$(( (u1 - u0) * tick_us / n )) sys_us=$(( (s1 - s0) * tick_us / n ))"
done
