# Pinned tool versions, sourced by scripts/setup.sh and scripts/build.sh.

# Trunk: 0.22 needs a newer rustc than this machine's stable.
KB_TRUNK_VERSION="0.21.14"

# The release wasm is built on this nightly, for one unstable feature:
# rebuilding the standard library with `panic = immediate-abort`, which drops
# panic messages, their formatting and their source paths from the wasm
# (13 kB brotli, 8%). Native tests, clippy and `trunk serve` stay on
# stable. Changing it: install the new one with scripts/setup.sh, then check
# the byte budget (scripts/sizes.mjs) and the browser tests.
KB_RELEASE_TOOLCHAIN="nightly-2026-05-20"
