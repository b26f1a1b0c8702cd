#!/usr/bin/env bash
# Build the release app and serve it on loopback.
#   scripts/serve.sh            -> http://127.0.0.1:8080/
#   PORT=9000 scripts/serve.sh  -> http://127.0.0.1:9000/
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup.sh
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

port="${PORT:-8080}"

echo "serve: building the release app (scripts/build.sh)"
scripts/build.sh

echo "serve: open http://127.0.0.1:${port}/ in a browser (Ctrl+C stops the server)"
exec node scripts/server.mjs --root dist --base / --port "$port" --host 127.0.0.1
