#!/usr/bin/env node
// The editors' publish command: puts a new dataset into a built site, in
// seconds, without building the app again (run it through
// scripts/publish.sh, which builds the page renderer if it is missing).
//
//   scripts/publish.sh                         public/data/briefing.json -> dist/
//   scripts/publish.sh --dataset FILE --dist DIR [--origin https://example.org]
//   scripts/publish.sh --check [--dataset FILE]  only says whether FILE is right
//
// It checks the dataset (the same checks, and the same field paths, as the
// app), renders the page for it with the app's own components, and writes
// into DIR: the dataset (data/briefing.json), index.html with the new first
// HTML and link preview, and sw.js with a new version, so that readers'
// browsers fetch the new page. A dataset that is not right is refused and
// DIR is left exactly as it was; so it is if a write fails half-way.
//
// The site's origin (for og:url and the canonical link) is the one the
// build was given, read back from index.html, unless --origin says another.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import {
  DatasetRefused,
  baseOf,
  renderPage,
  rendererCommand,
  siteUrlFrom,
  siteUrlOf,
  withFirstHtml,
} from './first-html.mjs';
import { BuildError } from './html.mjs';

const REPO = resolve(fileURLToPath(import.meta.url), '..', '..');
/** `const VERSION = "…";` as the post-build hook writes it into sw.js. */
const WORKER_VERSION = /const VERSION = "([0-9a-f]{16})";/g;

/** sw.js with a new version, from the old one and what changed. */
export function workerWithNewVersion(worker, ...changed) {
  const found = [...worker.matchAll(WORKER_VERSION)];
  if (found.length !== 1)
    throw new BuildError('sw.js does not name its version once (const VERSION = "…"): is this a built folder?');
  const hash = createHash('sha256').update(found[0][1]);
  for (const part of changed) hash.update('\0').update(part);
  const version = hash.digest('hex').slice(0, 16);
  return { worker: worker.replace(WORKER_VERSION, `const VERSION = "${version}";`), from: found[0][1], to: version };
}

/**
 * Publishes `dataset` into the built folder `dist`. Resolves to what it
 * wrote; throws DatasetRefused (the dataset's problems) or BuildError.
 * @param {{ dataset: string, dist: string, origin?: string | null, render?: typeof renderPage }} options
 */
export function publish({ dataset, dist, origin = null, render = renderPage }) {
  const indexPath = join(dist, 'index.html');
  const workerPath = join(dist, 'sw.js');
  const dataPath = join(dist, 'data', 'briefing.json');
  if (!existsSync(indexPath) || !existsSync(workerPath)) {
    throw new BuildError(`${dist} is not a built site (no index.html or sw.js): build it first (scripts/build.sh)`);
  }
  const html = readFileSync(indexPath, 'utf8');
  const base = baseOf(html);
  const siteUrl = origin ? siteUrlFrom(origin, base) : siteUrlOf(html);
  const page = render({ dataset, base, siteUrl });
  const data = readFileSync(dataset);
  const nextHtml = withFirstHtml(html, page);
  const next = workerWithNewVersion(readFileSync(workerPath, 'utf8'), nextHtml, data);
  const writes = [
    [dataPath, data],
    [indexPath, nextHtml],
    // Last: a reader's browser sees the new version only once the files are there.
    [workerPath, next.worker],
  ].filter(([path]) => !(path === dataPath && existsSync(path) && realpathSync(path) === realpathSync(dataset)));
  writeAll(writes);
  return { base, siteUrl, version: { from: next.from, to: next.to }, dataset: page.dataset };
}

/** Writes each file whole (a temporary file, then a rename), undoing all on a failure. */
function writeAll(writes) {
  const done = [];
  let temporary = null;
  try {
    for (const [path, content] of writes) {
      const before = existsSync(path) ? readFileSync(path) : null;
      temporary = `${path}.publishing`;
      writeFileSync(temporary, content);
      renameSync(temporary, path);
      temporary = null;
      done.push([path, before]);
    }
  } catch (error) {
    if (temporary) rmSync(temporary, { force: true });
    for (const [path, before] of done.reverse()) {
      if (before !== null) writeFileSync(path, before);
    }
    throw new BuildError(`could not write the site (${error.message}); it was put back as it was`);
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: join(REPO, 'public', 'data', 'briefing.json') },
      dist: { type: 'string', default: join(REPO, 'dist') },
      origin: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
  });
  const dataset = resolve(values.dataset);
  try {
    if (values.check) {
      const page = renderPage({ dataset, renderer: rendererCommand() });
      console.log(`${values.dataset}: the dataset is right (fingerprint ${page.dataset}).`);
      return 0;
    }
    const result = publish({ dataset, dist: resolve(values.dist), origin: values.origin ?? null });
    console.log(
      `Published ${values.dataset} into ${values.dist}/ (served under ${result.base}` +
        `${result.siteUrl ? `, at ${result.siteUrl}` : ''}): data/briefing.json, index.html, ` +
        `and sw.js (version ${result.version.from} -> ${result.version.to}).`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DatasetRefused) {
      console.error(
        `${error.message}\nNothing was published; ${values.check ? '' : `${values.dist.replace(/\/+$/, '')}/ is as it was.`}`.trim(),
      );
      return 1;
    }
    if (error instanceof BuildError) {
      console.error(`publish: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = main();
}
