#!/usr/bin/env bash
# Where a scenario's latency is spent: wrk's percentiles (request written to response read) next to
# the service's own (Vert.x request start to response end, from the HTTP access log). The
# difference is time the request or its answer waited outside the service's handling: in socket
# buffers while the event loops or wrk had no core.
#
#   bench/run.sh                                  # once: creates and seeds the database bench_load
#   bench/latency-split.sh report 64              # scenario (bench/lua/<name>.lua), connections
#
# 20 s of warm-up, then 10 s measured. APP, JAVA as for bench/cpu.sh; JVM options after the
# arguments. Only answers larger than MIN_BYTES (default 0) count on the service's side.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
db=bench_load scenario="$1" connections="$2"
shift 2
export THREADS=2
. "$bench/lib.sh"
export_seed_ids
logs=/tmp/bench-access
rm -rf $logs && mkdir -p $logs
start_service 18096 /tmp/bench-latency-service.log -Dquarkus.http.record-request-start-time=true \
    -Dquarkus.http.access-log.enabled=true '-Dquarkus.http.access-log.pattern=%D %b' \
    -Dquarkus.http.access-log.log-to-file=true -Dquarkus.http.access-log.log-directory=$logs \
    -Dquarkus.http.access-log.base-file-name=access "$@"
trap 'kill $service_pid 2>/dev/null || true' EXIT
url=http://127.0.0.1:18096/graphql
wrk -t2 -c"$connections" -d20s -s "$bench/lua/$scenario.lua" $url > /dev/null
sleep 1
before=$(wc -l < $logs/access.log)
wrk -t2 -c"$connections" -d10s --latency -s "$bench/lua/$scenario.lua" $url \
    | awk '/Requests\/sec/ {r = $2} / 50%/ {p50 = $2} / 90%/ {p90 = $2} / 99%/ {p99 = $2}
           END {print "wrk:     req/s=" r " p50=" p50 " p90=" p90 " p99=" p99}'
sleep 1
tail -n +$((before + 1)) $logs/access.log | awk -v min="${MIN_BYTES:-0}" '$2 > min {print $1}' | sort -n \
    | awk '{a[NR] = $1} END {print "service: n=" NR " p50=" a[int(NR * 0.5)] "ms p90=" a[int(NR * 0.9)] "ms p99=" a[int(NR * 0.99)] "ms max=" a[NR] "ms"}'
