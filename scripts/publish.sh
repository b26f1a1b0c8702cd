#!/usr/bin/env bash
# The editors' command: checks a dataset and publishes it into a built site,
# without building the app again. See scripts/publish.mjs for what it writes.
#   scripts/publish.sh                                   public/data/briefing.json -> dist/
#   scripts/publish.sh --dataset FILE --dist DIR [--origin https://example.org]
#   scripts/publish.sh --check --dataset FILE            checks only; writes nothing
# The first run builds the page renderer (a minute or two); later runs take
# a second. Needs the Rust toolchain and Node 20 (scripts/setup.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

(cd "$root" && cargo build --quiet --locked --bin render-page)
export KB_RENDER_PAGE="$root/target/debug/render-page"
exec node "$root/scripts/publish.mjs" "$@"
