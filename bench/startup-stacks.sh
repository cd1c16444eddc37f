#!/usr/bin/env bash
# Where a start-up's time goes: starts the packaged service like bench/startup.sh, asks the JVM
# for a thread dump (SIGQUIT, no attach) every 40 ms until the first GraphQL answer, and prints
# (1) which part of start-up the main thread was in, over all dumps of all runs, and (2) the CPU
# each thread had used by the last dump of the last run (JIT compilers included).
#
#   bench/startup-stacks.sh [runs] [java] [extra JVM options...]
#   bench/startup-stacks.sh 3 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:AOTCache=app.aot
#
# Same database and build as bench/startup.sh (run that first: it migrates the database).
# Thread dumps stop the JVM briefly, so these starts are a little slower than startup.sh's.
set -euo pipefail
runs="${1:-3}"
java="${2:-java}"
shift 2 2>/dev/null || shift $#
root="$(cd "$(dirname "$0")/.." && pwd)"
url="${BENCH_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/bench}"
port="${BENCH_PORT:-18080}"
out="$(mktemp -d)"

for run in $(seq 1 "$runs"); do
    (cd "$root/target/quarkus-app" && QUARKUS_DATASOURCE_JDBC_URL="$url" \
        QUARKUS_DATASOURCE_USERNAME="${BENCH_DB_USER:-postgres}" COMPLETION_ADMIN_TOKEN=bench-admin \
        exec "$java" "$@" -Dquarkus.http.port="$port" -jar quarkus-run.jar > "$out/$run.log" 2>&1) &
    pid=$!
    sleep 0.1
    until curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{ __typename }"}' \
            "http://127.0.0.1:$port/graphql"; do
        kill -0 "$pid" 2>/dev/null || { cat "$out/$run.log"; exit 1; }
        kill -QUIT "$pid"
        sleep 0.04
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
done

# (1) The main thread's dumps, each counted under the first marker found from its top frame
# down (the innermost start-up step it was in).
cat "$out"/*.log | awk '
    BEGIN {
        n = split("PersistenceUnitsHolder=Hibernate metamodel|JPAConfig.startAll=Hibernate start (waiting)" \
            "|flywaydb=Flyway|fireLifecycleEvent=start-up observers (our admin bootstrap)" \
            "|SmallRyeGraphQLRecorder=SmallRye GraphQL schema|MicrometerRecorder=Micrometer" \
            "|ArcRecorder=Arc container|LoggingSetupRecorder=logging|smallrye.config=configuration" \
            "|ApplicationImpl=other Quarkus start-up steps", pairs, "|")
        for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); key[i] = kv[1]; name[i] = kv[2] }
    }
    /^"main" / { inmain = 1; found = ""; frames = 0; samples++; next }
    inmain && /^$/ {
        part[found != "" ? found : frames ? "elsewhere (before Quarkus starts, or between steps)" : "no Java frame (JVM start)"]++
        inmain = 0; next
    }
    inmain && /^\tat / { frames++; if (found == "") for (i = 1; i <= n; i++) if (index($0, key[i])) { found = name[i]; break } }
    END { for (p in part) printf "  %3.0f %%  %s\n", 100 * part[p] / samples, p > "/dev/stderr"; print samples }
    ' 2> "$out/parts" > "$out/samples"
echo "main thread, $(cat "$out/samples") dumps:"
sort -rn "$out/parts"

# (2) CPU per thread at the last dump of the last run.
echo "CPU by thread at the last dump (run $runs):"
awk '/^Full thread dump/ { delete cpu }
    /^"/ && /cpu=/ { t = $0; sub(/^"/, "", t); sub(/".*/, "", t); c = $0; sub(/.*cpu=/, "", c); sub(/ms.*/, "", c); cpu[t] = c }
    END { for (t in cpu) if (cpu[t] + 0 >= 20) printf "  %8.0f ms  %s\n", cpu[t], t }' "$out/$runs.log" | sort -rn
rm -rf "$out"
