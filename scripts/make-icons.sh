#!/usr/bin/env bash
# Renders the app's PNG icons from their SVG sources with headless Chromium.
# One-off: the PNGs are committed; run again only after changing an SVG.
#
#   public/icons/icon.svg        -> public/icons/icon-192.png, icon-512.png
#   scripts/icons/maskable.svg   -> public/icons/icon-maskable-512.png
#     (full-bleed background, the glyph inside the central 80% safe zone;
#      the source stays out of public/ so the build does not ship it)
#
# Usage: scripts/make-icons.sh   (CHROMIUM=/path/to/chromium to override)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/public/icons"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -x "$chromium" ] || { echo "make-icons: chromium not found (set CHROMIUM)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# render SVG SIZE PNG: the SVG drawn at SIZE x SIZE CSS px, 1 device px each,
# on a transparent background.
render() {
  local svg="$1" size="$2" png="$3"
  local page="$work/page-$size.html"
  cat >"$page" <<HTML
<!doctype html><html><head><style>
html, body { margin: 0; background: transparent; overflow: hidden; }
img { display: block; width: ${size}px; height: ${size}px; }
</style></head><body><img src="file://$svg" alt=""></body></html>
HTML
  "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/profile" --default-background-color=00000000 \
    --window-size="$size,$size" --screenshot="$png" "file://$page" >/dev/null 2>&1
  # Check the result from its IHDR: a PNG of the right size, 8-bit RGB(A).
  node -e '
    const [file, size] = [process.argv[1], Number(process.argv[2])];
    const b = require("fs").readFileSync(file);
    const sig = "89504e470d0a1a0a";
    if (b.subarray(0, 8).toString("hex") !== sig || b.toString("ascii", 12, 16) !== "IHDR") {
      console.error(`${file}: not a PNG`); process.exit(1);
    }
    const [w, h, depth, colorType] = [b.readUInt32BE(16), b.readUInt32BE(20), b[24], b[25]];
    const kind = { 2: "RGB", 6: "RGBA" }[colorType];
    if (w !== size || h !== size || depth !== 8 || !kind) {
      console.error(`${file}: ${w}x${h}, depth ${depth}, colour type ${colorType}; expected ${size}x${size} 8-bit RGB(A)`);
      process.exit(1);
    }
    console.log(`${file}: ${w}x${h} ${kind}, ${b.length} bytes`);
  ' "$png" "$size"
}

render "$out/icon.svg" 192 "$out/icon-192.png"
render "$out/icon.svg" 512 "$out/icon-512.png"
render "$root/scripts/icons/maskable.svg" 512 "$out/icon-maskable-512.png"
