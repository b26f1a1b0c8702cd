// The one place that says which Chromium the tooling drives and how: headless
// Debian Chromium (no browser is ever downloaded), used by the browser tests
// (tests/e2e/helpers.mjs), the benchmarks (bench/run.mjs) and Lighthouse
// (scripts/lighthouse.mjs, which adds `--headless` to these flags itself).
import { chromium } from 'playwright-core';

/** The Chromium binary: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Launch flags for a headless Chromium in a container or CI machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch headless Chromium with playwright-core; resolves with the Browser. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
