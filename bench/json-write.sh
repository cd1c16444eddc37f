#!/usr/bin/env bash
# How long SmallRye takes to write a report page's result (100 rows x 50 completions) as JSON,
# by its own copy into JSON-P builders and through graphql/JsonResult's views, alternating in
# one JVM (bench/java/JsonWriteBench.java). Needs target/ (./mvnw package -DskipTests).
#
#   bench/json-write.sh [rounds]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
app="$root/target/quarkus-app"
exec "${JAVA:-java}" -cp "$root/target/classes:$app/lib/main/*:$app/lib/boot/*" \
    "$root/bench/java/JsonWriteBench.java" "${1:-12}"
