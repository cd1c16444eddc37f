#!/usr/bin/env bash
# Two builds compared on a machine whose speed drifts: both services run at once on the benchmark
# database, only one under load at a time, and short wrk runs alternate between them (A B B A A B
# ...), so a slow minute weighs on both alike. Prints each run (req/s, µs CPU per request, p50 and p99 ms) and, per build, the medians of
# requests/s and of the service's user + system CPU per request (from /proc/<pid>/stat), and its RSS after the runs.
#
#   bench/run.sh                                  # once: creates and seeds the database bench_load
#   cp -r target/quarkus-app /tmp/app-before      # ... change, ./mvnw package -DskipTests ...
#   A=/tmp/app-before B=target/quarkus-app bench/ab.sh report 16 3 12
#
# Arguments: scenario (bench/lua/<name>.lua), connections, seconds per run, runs per build.
# A, B: the quarkus-app folders (may be the same), or a native executable (bench/native.sh); JAVA, JOPTS as for bench/cpu.sh (the same for both),
# or JOPTS_A and JOPTS_B to compare one build two ways (e.g. JOPTS_A=-Dcompletion.change-feed.enabled=false); WARMUP_ROUNDS
# (default 4): 10 s runs on each before measuring.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
db=bench_load scenario="$1" connections="$2" seconds="$3" runs="$4"
threads=$((connections < 2 ? 1 : 2))
export THREADS=$threads
. "$bench/lib.sh"
export_seed_ids
APP="${A:?A: the first quarkus-app folder}" start_service 18094 /tmp/bench-ab-a.log ${JOPTS_A:-${JOPTS:-}}
pid_a=$service_pid
trap 'kill $pid_a 2>/dev/null || true' EXIT
APP="${B:?B: the second quarkus-app folder}" start_service 18095 /tmp/bench-ab-b.log ${JOPTS_B:-${JOPTS:-}}
pid_b=$service_pid
trap 'kill $pid_a $pid_b 2>/dev/null || true' EXIT
tick_us=$((1000000 / $(getconf CLK_TCK)))

# run <port> <pid> <seconds>: one wrk run; prints "req/s cpu_us_per_request p50_ms p99_ms"
run() {
    local u0 s0 u1 s1 out n
    read -r u0 s0 < <(awk '{print $14, $15}' /proc/$2/stat)
    out="$(wrk -t$threads -c"$connections" -d"$3s" --latency -s "$bench/lua/$scenario.lua" "http://127.0.0.1:$1/graphql")"
    read -r u1 s1 < <(awk '{print $14, $15}' /proc/$2/stat)
    if grep -qE "Non-2xx|GraphQL errors: [1-9]" <<< "$out"; then
        echo "errors in a run of port $1:" >&2; echo "$out" >&2; exit 1
    fi
    n="$(awk '/requests in/ {print $1}' <<< "$out")"
    if [ -z "$n" ] || [ "$n" = 0 ]; then
        echo "no requests counted in a run of port $1:" >&2; echo "$out" >&2; exit 1
    fi
    echo "$(awk '/Requests\/sec/ {print $2}' <<< "$out") $(( (u1 - u0 + s1 - s0) * tick_us / n ))" \
        "$(awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
                /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } END { print p50, p99 }' <<< "$out")"
}

# The JIT keeps compiling for about a minute under load, slower with two JVMs sharing the cores.
for warm in $(seq 1 "${WARMUP_ROUNDS:-4}"); do run 18094 $pid_a 10 > /dev/null; run 18095 $pid_b 10 > /dev/null; done
: > /tmp/bench-ab.txt
for i in $(seq 1 "$runs"); do
    if ((i % 2)); then order="a b"; else order="b a"; fi
    for side in $order; do
        if [ $side = a ]; then r="$(run 18094 $pid_a "$seconds")"; else r="$(run 18095 $pid_b "$seconds")"; fi
        echo "$side $r" | tee -a /tmp/bench-ab.txt
    done
done
for side in a b; do
    awk -v s=$side '$1 == s {print $2, $3}' /tmp/bench-ab.txt | sort -n -k1 | awk '{r[NR] = $1} END {printf "%s", r[int((NR + 1) / 2)]}' > /tmp/bench-ab-r
    awk -v s=$side '$1 == s {print $3}' /tmp/bench-ab.txt | sort -n | awk '{c[NR] = $1} END {printf "%s", c[int((NR + 1) / 2)]}' > /tmp/bench-ab-c
    awk -v s=$side '$1 == s {print $5}' /tmp/bench-ab.txt | sort -n | awk '{c[NR] = $1} END {printf "%s", c[int((NR + 1) / 2)]}' > /tmp/bench-ab-p
    if [ $side = a ]; then pid=$pid_a app=$A; else pid=$pid_b app=$B; fi   # the service process itself (lib.sh execs it)
    echo "$side ($app): median $(cat /tmp/bench-ab-r) req/s, $(cat /tmp/bench-ab-c) µs CPU per request, p99 $(cat /tmp/bench-ab-p) ms, RSS $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB"
done
