#!/usr/bin/env bash
# The yardstick for the native executable's start-up figures: Quarkus' own "REST + CRUD" shape
# (bench/reference: one Panache entity listed over quarkus-rest-jackson, on PostgreSQL), whose
# published native figures (0.1 s, 77 MB) are docs/native.md's targets, built with this project's
# toolchain and measured as bench/startup.sh measures the service: time from launch to the first
# answer to GET /fruits, and RSS right after it, median of [runs] (default 5).
#
#   bench/reference.sh [runs]
#
# Builds bench/reference/target/rest-crud-1-runner once (about 3.5 min; delete it to rebuild);
# uses the local PostgreSQL's "reference" database (created if missing).
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
ref="$root/bench/reference"
port="${BENCH_PORT:-18395}"
binary="$ref/target/rest-crud-1-runner"

if [ ! -x "$binary" ]; then
    home="$("$root/native/toolchain.sh")"
    (cd "$ref" && "$root/mvnw" -q -f pom.xml package -DskipTests -Dquarkus.native.enabled=true \
        -Dquarkus.native.graalvm-home="$home" -Dquarkus.native.native-image-xmx=8g \
        -Dquarkus.native.additional-build-args=-Os)
fi
# the JDK libraries the executable links (its RPATH is $ORIGIN/native-lib), as for the service
mkdir -p "$ref/target/native-lib"
cp "$("$root/native/toolchain.sh")"/lib/svm/clibraries/linux-amd64/jdk-runtime/* "$ref/target/native-lib/"
psql -h 127.0.0.1 -U postgres -tc "select 1 from pg_database where datname = 'reference'" | grep -q 1 \
    || psql -q -h 127.0.0.1 -U postgres -c "create database reference"

results=()
for _ in $(seq 1 "$runs"); do
    started=$(date +%s%N)
    "$binary" -Dquarkus.http.port="$port" -Dquarkus.datasource.username=postgres \
        -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/reference > /tmp/bench-reference.log 2>&1 &
    pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/fruits"; do
        kill -0 "$pid" 2>/dev/null || { cat /tmp/bench-reference.log; exit 1; }
        sleep 0.005
    done
    now=$(date +%s%N)
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    results+=("$(( (now - started) / 1000000 )) $rss")
done
printf '%s\n' "${results[@]}" | report_starts "reference REST + CRUD, native ($(du -m "$binary" | cut -f1) MB)" "first answer"
