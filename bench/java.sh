#!/usr/bin/env bash
# Runs one of the in-process benchmarks of bench/java/ on the packaged service's classpath
# (build first: ./mvnw package -DskipTests). They time two ways of doing one thing,
# alternating in one JVM so that the machine's drift cancels out.
#
#   bench/java.sh JsonWriteBench 12       # SmallRye's JSON writing, with and without JsonResult
#   bench/java.sh CacheLookupBench 10     # a report page's status lookups: per cell or per row
#   bench/java.sh ExecutionBench 10       # a report page's execution: graphql-java's strategy or PlainExecution
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
app="$root/target/quarkus-app"
name="${1:?which benchmark: $(cd "$root/bench/java" && ls | sed 's/\.java$//' | tr '\n' ' ')}"
shift
exec "${JAVA:-java}" -cp "$root/target/classes:$app/lib/main/*:$app/lib/boot/*" "$root/bench/java/$name.java" "$@"
