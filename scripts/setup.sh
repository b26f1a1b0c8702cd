#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing.
# Safe to run again and again: when everything is present it prints nothing.
#
# Needs: rustup + cargo, node 20 + npm, and the package registries
# (crates.io, npm, Debian apt). Never downloads a browser or any binary from
# elsewhere: Chromium and its driver, Firefox ESR, WebKitGTK's WebDriver and
# Xvfb come from Debian, wasm-opt from npm
# `binaryen`, trunk and wasm-bindgen-cli are built from crates.io.
#
# Can be run (`scripts/setup.sh`) or sourced (`. scripts/setup.sh`); either
# way it leaves $PWD/node_modules/.bin and $HOME/.cargo/bin first on PATH.
set -euo pipefail

# KB_TRUNK_VERSION, KB_RELEASE_TOOLCHAIN
. "$(dirname "${BASH_SOURCE[0]}")/versions.sh"

kb_setup_main() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$root"

  export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

  kb_say() { printf 'setup: %s\n' "$*"; }
  kb_sudo() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
  }

  # 1. The wasm32 target.
  if ! rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
    kb_say "installing the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi

  # rustfmt and clippy (for .ci/run), usually part of the rustup profile.
  if ! cargo fmt --version >/dev/null 2>&1; then
    kb_say "installing the rustfmt component"
    rustup component add rustfmt
  fi
  if ! cargo clippy --version >/dev/null 2>&1; then
    kb_say "installing the clippy component"
    rustup component add clippy
  fi

  # 1b. The pinned nightly for the release wasm (scripts/build.sh), with the
  #     standard library's source and the wasm32 target.
  if ! rustup run "$KB_RELEASE_TOOLCHAIN" rustc --print sysroot >/dev/null 2>&1 ||
    ! rustup component list --toolchain "$KB_RELEASE_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src' ||
    ! rustup target list --toolchain "$KB_RELEASE_TOOLCHAIN" --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
    kb_say "installing the Rust toolchain $KB_RELEASE_TOOLCHAIN (rust-src, wasm32) for the release build"
    rustup toolchain install "$KB_RELEASE_TOOLCHAIN" --profile minimal \
      --component rust-src --target wasm32-unknown-unknown
  fi

  # 1c. Every crate the release build needs, fetched now: Trunk runs cargo
  #     with --offline (`offline = true`), and -Zbuild-std also needs the
  #     standard library's own dependencies. Quick and quiet when cached.
  cargo fetch --locked --quiet
  local std_library
  std_library="$(rustup run "$KB_RELEASE_TOOLCHAIN" rustc --print sysroot)/lib/rustlib/src/rust/library"
  cargo "+$KB_RELEASE_TOOLCHAIN" fetch --locked --quiet --manifest-path "$std_library/Cargo.toml"

  # 2. trunk, pinned.
  local have_trunk=""
  if command -v trunk >/dev/null 2>&1; then
    have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}')"
  fi
  if [ "$have_trunk" != "$KB_TRUNK_VERSION" ]; then
    kb_say "installing trunk $KB_TRUNK_VERSION from crates.io (found: ${have_trunk:-none}); this builds from source and takes about 15 minutes on 2 cores"
    cargo install trunk --version "$KB_TRUNK_VERSION" --locked
  fi

  # 3. wasm-bindgen-cli at exactly the version of `wasm-bindgen` in Cargo.lock.
  if [ ! -f Cargo.lock ]; then
    kb_say "Cargo.lock missing; running cargo generate-lockfile"
    cargo generate-lockfile
  fi
  local wbg_version
  wbg_version="$(awk '
    /^\[\[package\]\]/ { inpkg = 1; name = ""; next }
    inpkg && /^name = / { gsub(/"/, "", $3); name = $3; next }
    inpkg && /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
  ' Cargo.lock)"
  if [ -z "$wbg_version" ]; then
    echo "setup: could not find the wasm-bindgen package in Cargo.lock" >&2
    return 1
  fi
  local have_wbg=""
  if command -v wasm-bindgen >/dev/null 2>&1; then
    have_wbg="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
  fi
  if [ "$have_wbg" != "$wbg_version" ]; then
    kb_say "installing wasm-bindgen-cli $wbg_version (the version in Cargo.lock; found: ${have_wbg:-none}); this builds from source and takes several minutes"
    if ! cargo install wasm-bindgen-cli --version "$wbg_version" --locked --force; then
      kb_say "retrying wasm-bindgen-cli $wbg_version without --locked"
      cargo install wasm-bindgen-cli --version "$wbg_version" --force
    fi
  fi

  # 4. Chromium and its driver from Debian (never a browser download), and a
  #    Java runtime for the HTML validator (vnu.jar).
  local apt_pkgs=()
  if [ ! -x /usr/bin/chromium ]; then
    apt_pkgs+=(chromium chromium-driver)
  elif [ ! -x /usr/bin/chromedriver ]; then
    apt_pkgs+=(chromium-driver)
  fi
  if ! command -v java >/dev/null 2>&1; then
    apt_pkgs+=(default-jre-headless)
  fi
  # 4b. Gecko and WebKit for the engine tests (tests/engines/), from Debian:
  #     Firefox ESR (driven over WebDriver BiDi), WebKitGTK's WebDriver with
  #     its MiniBrowser, and Xvfb for MiniBrowser's window.
  [ -x /usr/bin/firefox-esr ] || apt_pkgs+=(firefox-esr)
  [ -x /usr/bin/WebKitWebDriver ] || apt_pkgs+=(webkit2gtk-driver)
  [ -x /usr/bin/Xvfb ] || apt_pkgs+=(xvfb)
  if [ "${#apt_pkgs[@]}" -gt 0 ]; then
    kb_say "installing from Debian: ${apt_pkgs[*]}"
    kb_sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive kb_sudo apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}"
  fi

  # 5. Node packages, exactly as locked. Install scripts are off: the only
  #    one (vnu-jar's) would try to download a Java runtime from outside the
  #    registries; Java comes from Debian above.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    kb_say "installing Node packages from package-lock.json (npm ci)"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  fi

  # Sanity: the wasm-opt Trunk will use must be binaryen 132 from npm.
  if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
    echo "setup: wasm-opt on PATH is not version 132 ($(command -v wasm-opt || echo none)); check node_modules/.bin" >&2
    return 1
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  kb_setup_main "$@"
else
  # Sourced: run in a subshell so `cd` and `set -e` stay local, then put the
  # tool directories first on the caller's PATH.
  ( kb_setup_main "$@" ) || return $?
  __kb_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export PATH="$__kb_root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
  unset __kb_root
fi
