#!/usr/bin/env bash
# Where the time goes in one scenario: the service under wrk load with Java Flight Recorder on,
# then the hottest methods (self time, and time including callees) from the execution samples.
#
#   bench/run.sh                                  # once: creates and seeds the database bench_load
#   bench/profile.sh status 16 20                 # scenario (bench/lua/<name>.lua), connections, seconds
#
# Needs what bench/run.sh needs; leaves the recording in /tmp/bench-profile.jfr.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
scenario="${1:-status}" connections="${2:-16}" seconds="${3:-20}"
java="${JAVA:-java}" db=bench_load port=18090 recording=/tmp/bench-profile.jfr
export LUA_DIR="$bench/lua" THREADS=2

q() { psql -h 127.0.0.1 -U postgres -d $db -Atc "$1"; }
export COURSE="$(q "select id from course where short_name = 'BENCH'")"
export STUDENT_BASE="$(q "select min(id) - 1 from app_user where username like 'bench-student-%'")" USERS=1000
export PAGES="$(q "select string_agg(id::text, ',' order by sort_order) from activity where mod_name = 'page'")"
export ASSIGNS="$(q "select string_agg(id::text, ',' order by sort_order) from activity where mod_name = 'assign'")"
export FIRST=1 SPAN=1000

(cd "$root/target/quarkus-app" && QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres COMPLETION_ADMIN_TOKEN=bench-admin \
    exec "$java" -XX:StartFlightRecording=filename=$recording,settings=profile,delay=${WARMUP:-10}s \
    -Dquarkus.http.port=$port -Dquarkus.log.level=WARN -jar quarkus-run.jar > /tmp/bench-profile.log 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do sleep 0.2; done
wrk -t2 -c"$connections" -d"$((seconds + ${WARMUP:-10}))s" --latency -s "$bench/lua/$scenario.lua" \
    "http://127.0.0.1:$port/graphql" | grep -E "Requests/sec|99%|Non-2xx" || true
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
