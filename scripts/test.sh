#!/usr/bin/env bash
# The one command that runs every test layer:
#   1. setup        installs what is missing (scripts/setup.sh)
#   2. cargo test   the native tests (tests/native/); node --test tests/tooling/
#   3. build        scripts/build.sh (dist/) and again under /kosovo/ (dist-kosovo/)
#   4. e2e          browser tests in headless Debian Chromium (tests/e2e/*.test.mjs)
#      engines      the shared flows in Chromium, Firefox and WebKit (tests/engines/)
#   5. post checks  byte budget (scripts/sizes.mjs --check) and valid HTML (vnu)
#
#   scripts/test.sh                                 # everything
#   scripts/test.sh tests/e2e/timeline.test.mjs     # e2e: only these files
#   KB_SKIP_BUILD=1 scripts/test.sh                 # reuse dist/ and dist-kosovo/
#   KB_ENGINES="firefox webkit" scripts/test.sh     # engine tests: only these engines
#
# Every layer runs even if an earlier independent one failed; a layer whose
# input is missing (no build) is counted as failed. Exit status is non-zero
# if any layer failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup.sh
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

passed=()
failed=()
started=$SECONDS

# layer NAME CMD...: run one layer and record the outcome.
layer() {
  local name="$1"
  shift
  local t0=$SECONDS
  echo
  echo "=== test.sh: $name"
  if "$@"; then
    passed+=("$name")
    echo "=== test.sh: $name: ok ($((SECONDS - t0)) s)"
  else
    failed+=("$name")
    echo "=== test.sh: $name: FAILED ($((SECONDS - t0)) s)" >&2
  fi
}

build_all() {
  scripts/build.sh &&
    scripts/build.sh --public-url /kosovo/ --dist dist-kosovo
}

e2e_files=("$@")
if [ "${#e2e_files[@]}" -eq 0 ]; then
  e2e_files=(tests/e2e/*.test.mjs)
fi

layer "cargo test" cargo test --quiet

# Node tests of the build tooling (tests/tooling/, no browser).
shopt -s nullglob
node_unit=(tests/tooling/*.test.mjs)
shopt -u nullglob
if [ "${#node_unit[@]}" -gt 0 ]; then
  layer "node unit tests" node --test "${node_unit[@]}"
fi

if [ "${KB_SKIP_BUILD:-0}" = "1" ] && [ -f dist/index.html ] && [ -f dist-kosovo/index.html ]; then
  echo "=== test.sh: build skipped (KB_SKIP_BUILD=1), using the existing dist/ and dist-kosovo/"
else
  layer "build" build_all
fi

if [ -f dist/index.html ] && [ -f dist-kosovo/index.html ] && [[ ! " ${failed[*]-} " =~ " build " ]]; then
  layer "browser tests" node --test --test-concurrency=1 "${e2e_files[@]}"

  # The contract's main flows in each engine (tests/engines/): Chromium,
  # Firefox ESR and WebKitGTK. KB_ENGINES picks some (e.g. KB_ENGINES=webkit);
  # by default all three, or none when only some e2e files were named.
  engines="${KB_ENGINES-chromium firefox webkit}"
  if [ "$#" -gt 0 ]; then engines="${KB_ENGINES-}"; fi
  for engine in $engines; do
    layer "engine tests: $engine" node --test --test-concurrency=1 "tests/engines/$engine.test.mjs"
  done

  # ---- post checks ---------------------------------------------------------
  # Byte budget: HTML+JS+WASM+CSS, brotli, against scripts/budget.json (a ratchet).
  layer "byte budget" node scripts/sizes.mjs --check
  # Valid HTML: Nu HTML Checker, zero errors.
  layer "valid HTML" scripts/validate-html.sh dist/index.html dist-kosovo/index.html
  # ---- end of post checks --------------------------------------------------
else
  failed+=("browser tests (no build)" "engine tests (no build)" "byte budget (no build)" "valid HTML (no build)")
  echo "=== test.sh: no complete build: browser tests and post checks not run" >&2
fi

echo
echo "test.sh: passed: ${passed[*]-none}"
echo "test.sh: failed: ${failed[*]-none}"
echo "test.sh: took $((SECONDS - started)) s"
echo "layers: ${#passed[@]} passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ]
