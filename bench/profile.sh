#!/usr/bin/env bash
# Where the time goes in one scenario: the service under wrk load with Java Flight Recorder on,
# then the hottest methods (self time, and time including callees) from the execution samples.
#
#   bench/run.sh                                  # once: creates and seeds the database bench_load
#   bench/profile.sh status 16 20                 # scenario (bench/lua/<name>.lua), connections, seconds
#
# Needs what bench/run.sh needs; leaves the recording in /tmp/bench-profile.jfr. APP and JAVA
# as for bench/cpu.sh.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
scenario="${1:-status}" connections="${2:-16}" seconds="${3:-20}"
db=bench_load port=18090 recording=/tmp/bench-profile.jfr
export THREADS=2
. "$bench/lib.sh"
export_seed_ids
start_service $port /tmp/bench-profile.log \
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
    -XX:StartFlightRecording=filename=$recording,settings=profile,delay=${WARMUP:-10}s
pid=$service_pid
trap 'kill $pid 2>/dev/null || true' EXIT
wrk -t2 -c"$connections" -d"$((seconds + ${WARMUP:-10}))s" --latency -s "$bench/lua/$scenario.lua" \
    "http://127.0.0.1:$port/graphql" | grep -E "Requests/sec|99%|Non-2xx|GraphQL errors" || true
kill $pid; wait $pid 2>/dev/null || true

jfr print --events jdk.ExecutionSample --stack-depth 64 $recording | python3 -c '
import collections, re, sys
self_time, total, samples, stack = collections.Counter(), collections.Counter(), 0, []
def flush():
    global samples
    if stack:
        samples += 1
        self_time[stack[0]] += 1
        for m in set(stack):
            total[m] += 1
for line in sys.stdin:
    line = line.strip()
    if line.startswith("jdk.ExecutionSample"):
        flush(); stack = []
    m = re.match(r"([\w.$<>]+)\(", line)
    if m and "line:" in line:
        stack.append(m.group(1))
flush()
print(f"{samples} samples")
for title, counter in (("self", self_time), ("total (with callees)", total)):
    print(f"\n-- {title}")
    for method, n in counter.most_common(int(sys.argv[1])):
        print(f"{100 * n / samples:5.1f}%  {method}")
' "${TOP:-30}"
