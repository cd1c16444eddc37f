#!/usr/bin/env bash
# Which code of the native executable is resident right after its first GraphQL answer, by the
# jar or JDK module it came from (docs/native.md): the executable must keep its method symbols.
#
#   ./mvnw package -Dnative -DskipTests "-Dquarkus.native.additional-build-args=-Os,-H:-DeleteLocalSymbols"
#   BENCH_BINARY=target/activity-completion-service-0.1.0-SNAPSHOT-runner bench/resident-code.sh
#
# Same database as bench/startup.sh (run that first: it migrates the database). Needs python3,
# nm and readelf, and the build's target/*-native-image-source-jar (the jars it was built from).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bench/lib.sh"
port="${BENCH_PORT:-18080}"
: "${BENCH_BINARY:?the native executable, built with -H:-DeleteLocalSymbols}"
[ -n "$(nm "$BENCH_BINARY" 2>/dev/null | head -1)" ] \
    || { echo "$BENCH_BINARY has no symbols: build it with -H:-DeleteLocalSymbols (above)" >&2; exit 1; }
sources=("$root"/target/*-native-image-source-jar)
home="$("$root/native/toolchain.sh")"
jdk="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# simple class name -> origin: the service's jar, its libraries, the JDK's modules, the image runtime
python3 - "${sources[0]}" "$home"/lib/svm/builder/{svm,nativeimage,word,collections,compiler}-*.jar > "$out/classes" <<'PY'
import glob, os, sys, zipfile
source, runtime = sys.argv[1], sys.argv[2:]
jars = [(j, 'this service and generated code') for j in glob.glob(source + '/*-runner.jar')]
jars += [(j, os.path.basename(j)) for j in glob.glob(source + '/lib/*.jar')]
jars += [(j, 'the image runtime (svm)') for j in runtime]
for jar, origin in jars:
    for name in zipfile.ZipFile(jar).namelist():
        if name.endswith('.class') and not name.startswith('META-INF'):
            print(name[:-6].split('/')[-1] + '\t' + origin)
PY
"$jdk/bin/jimage" list "$jdk/lib/modules" \
    | awk '/^Module: / {m = $2} /\.class$/ {n = $1; sub(/\.class$/, "", n); k = split(n, a, "/"); print a[k] "\tJDK " m}' >> "$out/classes"

launch_packaged java "$port" "$out/log"
pid=$launched_pid
await_first_answer "$pid" "$port" "$out/log"
echo "RSS after the first answer: $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status") MB"
python3 "$root/bench/python/resident_code.py" "$pid" "$BENCH_BINARY" "$out/classes"
kill "$pid"; wait "$pid" 2>/dev/null || true
