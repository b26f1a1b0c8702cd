#!/usr/bin/env bash
# Lighthouse 12.2.3 (npm, pinned) against the release build in dist/, with
# Debian Chromium, 3 runs per preset (mobile, the default, and desktop);
# prints the median category scores and the median TBT, LCP, FCP and CLS.
#
#   scripts/lighthouse.sh              # report only (exit 0 unless Lighthouse fails)
#   scripts/lighthouse.sh --check      # also fail below the thresholds of issue 12:
#                                      # a11y, best practices, SEO 100 both presets;
#                                      # performance 100 desktop, >= 98 mobile
#   scripts/lighthouse.sh --compress   # served with brotli/gzip, as a real host
#   scripts/lighthouse.sh --runs 5 --dist dist-kosovo --base /kosovo/
#
# Needs a release build (scripts/test.sh or scripts/build.sh) and
# `npm ci` (lighthouse is a devDependency; run with npx --no-install). The
# build is served by scripts/server.mjs on 127.0.0.1; the JSON reports
# go to a temporary folder, printed at the end. The work is done by
# scripts/lighthouse.mjs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ ! -x node_modules/.bin/lighthouse ]; then
  echo "lighthouse.sh: node_modules/.bin/lighthouse missing: run npm ci first" >&2
  exit 1
fi

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
exec node scripts/lighthouse.mjs "$@"
