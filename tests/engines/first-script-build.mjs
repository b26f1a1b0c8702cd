// For engines whose driver cannot run a script before the page's own
// (WebKitWebDriver 2.50: classic WebDriver only, no BiDi preload scripts):
// a copy of the build whose index.html loads the collector as its first
// script. It is an external same-origin file, which the app's CSP
// (`script-src 'self'`) allows, so the page's policy stays as built. The
// worker's precache list gains the file, so the offline reload is watched
// too. Nothing else differs from the build under test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installCollector } from './collector.mjs';

export const COLLECTOR_FILE = 'kb-collector.js';

/** Copy `dist` to a temporary folder with the collector first; returns { root, remove }. */
export function buildWithCollector(dist) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-engines-'));
  fs.cpSync(dist, root, { recursive: true });
  fs.writeFileSync(path.join(root, COLLECTOR_FILE), `(${installCollector})();\n`);

  const indexFile = path.join(root, 'index.html');
  const html = fs.readFileSync(indexFile, 'utf8');
  // Right after the CSP meta, which must stay the first thing in <head>.
  const csp = /<meta http-equiv="?Content-Security-Policy"?[^>]*>/i.exec(html);
  if (!csp) throw new Error('index.html has no CSP meta to put the collector after');
  const at = csp.index + csp[0].length;
  fs.writeFileSync(indexFile, `${html.slice(0, at)}<script src="${COLLECTOR_FILE}"></script>${html.slice(at)}`);

  const workerFile = path.join(root, 'sw.js');
  const worker = fs.readFileSync(workerFile, 'utf8');
  const listed = worker.replace(/(\bPRECACHE\s*=\s*\[)/, `$1${JSON.stringify(COLLECTOR_FILE)},`);
  if (listed === worker) throw new Error('sw.js has no PRECACHE list to add the collector to');
  fs.writeFileSync(workerFile, listed);

  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
