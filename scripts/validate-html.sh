#!/usr/bin/env bash
# Validate the built HTML with the Nu HTML Checker (npm vnu-jar, run on the
# Debian Java runtime). Zero errors required.
#   scripts/validate-html.sh               # dist/index.html
#   scripts/validate-html.sh dist-kosovo/index.html
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
files=("$@")
if [ "${#files[@]}" -eq 0 ]; then files=(dist/index.html); fi
for f in "${files[@]}"; do
  if [ ! -f "$f" ]; then
    echo "validate-html: $f not found (build first)" >&2
    exit 1
  fi
done
java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only "${files[@]}"
echo "validate-html: ok: ${files[*]} (no errors)"
