#!/usr/bin/env bash
# Starts the packaged service on a throw-away embedded database and runs check.js against it.
# Needs: target/quarkus-app (./mvnw verify or package), node 18+ and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
token="client-check-$RANDOM$RANDOM"

COMPLETION_ADMIN_TOKEN="$token" java -Dcompletion.embedded.data-dir="$work/pgdata" -Dquarkus.http.port="$port" \
    -jar "$root/target/quarkus-app/quarkus-run.jar" > "$work/service.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 150); do
    if curl -fs "http://127.0.0.1:$port/q/health/ready" > /dev/null; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$work/service.log"; exit 1; fi
    sleep 0.2
done

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
BASE_URL="http://127.0.0.1:$port" ADMIN_TOKEN="$token" node check.js
