#!/usr/bin/env bash
# The release build, as served and tested: `trunk build --release` with the
# standard library rebuilt for size on the pinned nightly (scripts/versions.sh),
# and the first HTML rendered into index.html by the app's own components
# (the native binary render-page, run by the post-build hook).
#   scripts/build.sh                                           -> dist/
#   scripts/build.sh --public-url /kosovo/ --dist dist-kosovo  -> dist-kosovo/
#   scripts/build.sh --origin https://example.org              -> absolute og:url and
#                                                                 canonical link
# Other arguments go to `trunk build`. Needs the tools scripts/setup.sh installs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/versions.sh
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

trunk_args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --origin)
      [ "$#" -ge 2 ] || { echo "build.sh: --origin needs a value (https://example.org)" >&2; exit 2; }
      export KB_SITE_ORIGIN="$2"
      shift 2
      ;;
    --origin=*)
      export KB_SITE_ORIGIN="${1#--origin=}"
      shift
      ;;
    *)
      trunk_args+=("$1")
      shift
      ;;
  esac
done

# The page renderer, natively on the stable toolchain, before the nightly
# settings below are exported (they are for the wasm only).
cargo build --quiet --locked --bin render-page
export KB_RENDER_PAGE="$root/target/debug/render-page"

# Trunk runs `cargo build --target=wasm32-unknown-unknown`; these reach it
# through the environment, so Cargo.toml and .cargo/ stay stable-only.
export RUSTUP_TOOLCHAIN="$KB_RELEASE_TOOLCHAIN"
export CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
# std's own size switch: smaller sorts, searches and formatting internals.
# (This list replaces std's default features, which only matter for
# unwinding and backtraces: neither exists in this build.)
export CARGO_UNSTABLE_BUILD_STD_FEATURES="optimize_for_size"
# erase_components: Leptos type-erases each component's view (AnyView), so
# the page is not one deeply nested generic type monomorphised whole.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort --cfg erase_components"

exec trunk build --release "${trunk_args[@]}"
