#!/usr/bin/env bash
# The native executable beside the JVM in one run: for each load scenario, bench/ab.sh runs both
# at once on the benchmark database and alternates short wrk runs between them (A = the jar on
# $JAVA, B = the executable), so a slow minute of the machine weighs on both alike.
#
#   ./mvnw package -Dnative -DskipTests       # target/*-runner, and target/quarkus-app beside it
#   bench/native.sh [connections] [seconds] [runs]      (default 16 10 4; SCENARIOS="status ...")
#
# Creates and seeds the database bench_load if it has no benchmark course (bench/seed.sql).
# JVM warm-up as in bench/ab.sh (WARMUP_ROUNDS of 10 s on each, default 4).
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench/.." && pwd)"
connections="${1:-16}" seconds="${2:-10}" runs="${3:-4}"
db=bench_load
runner="$(ls "$root"/target/*-runner)"
[ -f "$root/target/quarkus-app/quarkus-run.jar" ] || { echo "no target/quarkus-app: ./mvnw package -Dnative -DskipTests" >&2; exit 1; }
. "$bench/lib.sh"

if [ "$(psql -h 127.0.0.1 -U postgres -d "$db" -Atc "select count(*) from course where short_name = 'BENCH'" 2>/dev/null)" != 1 ]; then
    create_seeded_database 18096 /tmp/bench-native-seed.log
    kill $service_pid; wait $service_pid 2>/dev/null || true
fi

echo "jar: $(${JAVA:-java} -version 2>&1 | head -1); native: $(basename "$runner") ($(du -m "$runner" | cut -f1) MB)"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
for scenario in ${SCENARIOS:-status repeat_view grade report}; do
    echo "== $scenario, $connections connections, ${runs} × ${seconds} s each"
    A="$root/target/quarkus-app" B="$runner" "$bench/ab.sh" "$scenario" "$connections" "$seconds" "$runs" | grep -E '^(a|b) \('
done
