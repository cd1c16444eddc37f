#!/usr/bin/env bash
# Load benchmark: the service against PostgreSQL with a course of 50 activities and 1,000
# students, measured with wrk at 1, 16 and 64 connections, beside two references on the same
# machine and data: the ceiling (`{ __typename }` on the same service) and the peer
# (PostGraphile 4 serving the status query's rows straight from the tables).
#
#   bench/run.sh            (DURATION=10 seconds per run by default; before every scenario the
#                            ceiling is measured again for CEILING_DURATION=5 s, and the
#                            scenario's "× ceiling" is against that nearest measurement)
#   CONNECTIONS="16" SCENARIOS="status report" bench/run.sh     (a subset, while iterating)
#   APP=/tmp/app-before bench/run.sh                            (another build's quarkus-app folder)
#   JOPTS="-XX:AOTCache=app.aot -XX:TieredStopAtLevel=1" bench/run.sh   (extra JVM options)
#
# Needs: target/quarkus-app (./mvnw package -DskipTests), wrk (apt-get install wrk), node + npm,
# psql and a PostgreSQL on 127.0.0.1:5432 where user postgres may create databases.
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
duration="${DURATION:-10}"
first_duration="${FIRST_VIEW_DURATION:-2}"
ceiling_duration="${CEILING_DURATION:-5}"
java="${JAVA:-java}"
db=bench_load
svc_port=18090
peer_port=18091
export THREADS=2
. "$bench/lib.sh"
begin_run
create_seeded_database $svc_port "$work/service.log" ${JOPTS:-}
pids+=($service_pid)

export_seed_ids

(cd "$bench/postgraphile" && npm ci --no-audit --no-fund --loglevel=error > /dev/null \
    && exec node_modules/.bin/postgraphile -c "postgres://postgres@127.0.0.1:5432/$db" --port $peer_port \
       --disable-query-log > "$work/peer.log" 2>&1) &
pids+=($!)
until curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{ __typename }"}' \
    "http://127.0.0.1:$peer_port/graphql"; do sleep 0.3; done

# Runs wrk; prints "requests/s p50-ms p99-ms requests".
measure() {
    local url="$1" script="$2" connections="$3" seconds="$4"
    wrk -t$THREADS -c"$connections" -d"${seconds}s" --latency -s "$bench/lua/$script" "$url" > "$work/wrk.out" 2>&1
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /requests in/ { n = $1 }
        /Non-2xx/ { bad += $NF }
        /GraphQL errors/ { bad += $NF }
        END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, n, bad + 0 }' "$work/wrk.out"
}

svc="http://127.0.0.1:$svc_port/graphql"
peer="http://127.0.0.1:$peer_port/graphql"
for script in ceiling.lua status.lua repeat_view.lua grade.lua report.lua; do measure "$svc" "$script" 16 "${WARMUP:-15}" > /dev/null; done
measure "$peer" peer.lua 16 3 > /dev/null

results="$work/results.txt"
: > "$results"
block=0
for c in ${CONNECTIONS:-1 16 64}; do
    export THREADS=$((c < 2 ? 1 : 2))
    read -r ceil_rps ceil_p50 ceil_p99 _ ceil_bad <<< "$(measure "$svc" ceiling.lua $c "$duration")"
    read -r peer_rps peer_p50 peer_p99 _ peer_bad <<< "$(measure "$peer" peer.lua $c "$duration")"
    echo "$c ceiling $ceil_rps $ceil_p50 $ceil_p99 - $ceil_bad" >> "$results"
    echo "$c peer $peer_rps $peer_p50 $peer_p99 - $peer_bad" >> "$results"
    for scenario in ${SCENARIOS:-status repeat_view grade report first_view}; do
        [ "$scenario" = first_view ] && continue
        near="$(measure "$svc" ceiling.lua $c "$ceiling_duration" | cut -d' ' -f1)"
        read -r rps p50 p99 n bad <<< "$(measure "$svc" $scenario.lua $c "$duration")"
        echo "$c $scenario $rps $p50 $p99 - $bad $near" >> "$results"
    done
    case " ${SCENARIOS:-first_view} " in *" first_view "*) ;; *) continue ;; esac
    # First views: a fresh block of students per run, so no (student, page) pair repeats.
    export FIRST=$((block * 333 + 1)) SPAN=333
    block=$((block + 1))
    near="$(measure "$svc" ceiling.lua $c "$ceiling_duration" | cut -d' ' -f1)"
    read -r rps p50 p99 n bad <<< "$(measure "$svc" first_view.lua $c "$first_duration")"
    # Past 6,327 requests the pairs repeat and the run measures repeat views: no figure then.
    if [ "$n" -gt $((333 * 19)) ]; then rps=0 p50=- p99=-; echo "first views at $c connections: $n requests > 6,327 pairs; shorten FIRST_VIEW_DURATION" >&2; fi
    echo "$c first_view $rps $p50 $p99 $n $bad $near" >> "$results"
done
viewed="$(q "select count(*) from completion where viewed")"

echo
echo "| connections | scenario | requests/s | p50 ms | p99 ms | ceiling just before, req/s | × ceiling | × PostGraphile | non-2xx or GraphQL errors |"
echo "|---|---|---|---|---|---|---|---|---|"
# "× ceiling" divides by the ceiling measured right before the scenario (the machine's speed
# drifts over a run); the ceiling and peer rows are the runs at the start of each block.
awk '
    $2 == "ceiling" { ceil[$1] = $3 }
    $2 == "peer" { peer[$1] = $3 }
    { row[NR] = $0 }
    END {
        for (i = 1; i <= NR; i++) {
            split(row[i], f, " ")
            near = f[8] != "" ? f[8] : ceil[f[1]]
            printf "| %s | %s | %s | %s | %s | %s | %.2f | %.2f | %s |\n", f[1], f[2], f[3], f[4], f[5],
                f[8] != "" ? f[8] : "-", f[3] / near, f[3] / peer[f[1]], f[7]
        }
    }' "$results"
echo
echo "first views: each run uses 333 students x 19 pages (6,327 pairs); completion rows viewed after the run: $viewed"
echo "JVM: $("$java" -version 2>&1 | head -1)${JOPTS:+ with $JOPTS}; PostGraphile $("$bench/postgraphile/node_modules/.bin/postgraphile" --version 2>/dev/null | tail -1)"
