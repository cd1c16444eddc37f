#!/usr/bin/env bash
# Serves the example page on one origin and the packaged service on another (CORS allowed for the
# page, JWTs of a throw-away identity-provider key accepted), then drives the page in headless
# Chromium. Needs: target/quarkus-app (./mvnw verify or package), node 18+, npm, python3, curl and
# Debian's chromium (apt-get install chromium). Screenshots go to target/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
api_port="$(free_port)"
page_port="$(free_port)"
token="browser-check-$RANDOM$RANDOM"
issuer="https://idp.example.org/realms/browser-check"

# A throw-away identity provider's key pair: the check signs the learner's JWT with it.
node -e 'const { generateKeyPairSync } = require("node:crypto"); const fs = require("node:fs");
  const pem = { type: "spki", format: "pem" };
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048,
    publicKeyEncoding: pem, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  fs.writeFileSync(process.argv[1] + "/idp-public.pem", publicKey);
  fs.writeFileSync(process.argv[1] + "/idp-key.pem", privateKey);' "$work"

cd "$here"
npm ci --no-audit --no-fund --loglevel=error

COMPLETION_ADMIN_TOKEN="$token" \
QUARKUS_HTTP_CORS_ENABLED=true QUARKUS_HTTP_CORS_ORIGINS="http://127.0.0.1:$page_port" \
MP_JWT_VERIFY_ISSUER="$issuer" MP_JWT_VERIFY_PUBLICKEY_LOCATION="$work/idp-public.pem" \
    java -Dcompletion.embedded.data-dir="$work/pgdata" -Dquarkus.http.port="$api_port" \
    -jar "$root/target/quarkus-app/quarkus-run.jar" > "$work/service.log" 2>&1 &
service=$!
# The page as a front-end team ships it: built once, then plain static files on their own origin.
npm run --silent build
python3 -m http.server "$page_port" --bind 127.0.0.1 --directory public > "$work/page.log" 2>&1 &
pages=$!
cleanup() {
    kill "$service" "$pages" 2>/dev/null || true
    wait "$service" "$pages" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ready=""
for _ in $(seq 1 300); do
    if curl -fs "http://127.0.0.1:$api_port/q/health/ready" > /dev/null \
        && curl -fs "http://127.0.0.1:$page_port/build/app.js" > /dev/null; then ready=yes; break; fi
    if ! kill -0 "$service" 2>/dev/null; then cat "$work/service.log"; exit 1; fi
    sleep 0.2
done
[ -n "$ready" ] || { echo "service or page server not ready within 60 s"; cat "$work/service.log" "$work/page.log"; exit 1; }

mkdir -p "$root/target"
API="http://127.0.0.1:$api_port" PAGE="http://127.0.0.1:$page_port" ADMIN_TOKEN="$token" \
IDP_KEY="$work/idp-key.pem" IDP_ISSUER="$issuer" SHOTS="$root/target" \
    node test/browser-check.js || { echo "--- service log"; tail -50 "$work/service.log"; exit 1; }
