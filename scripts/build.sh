#!/usr/bin/env bash
# The release build, as served and tested: `trunk build --release` with the
# standard library rebuilt for size on the pinned nightly (scripts/versions.sh).
#   scripts/build.sh                                           -> dist/
#   scripts/build.sh --public-url /kosovo/ --dist dist-kosovo  -> dist-kosovo/
# Extra arguments go to `trunk build`. Needs the tools scripts/setup.sh installs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/versions.sh
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

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

exec trunk build --release "$@"
