// The first HTML: the page the app's own components render natively for a
// dataset (the Rust binary `render-page`, src/bin/render-page.rs), written
// into index.html between two pairs of markers that stay in the built
// file, so that a new dataset can be published into a built folder:
//
//   <!-- kb:head -->…title, description, link preview, JSON-LD…<!-- /kb:head -->
//   <!-- kb:body -->…skip link, notices, the whole page…<!-- /kb:body -->
//
// Used by the post-build hook (scripts/post-build.mjs) and the editors'
// publish command (scripts/publish.mjs). Node 20, no dependencies.

import { spawnSync } from 'node:child_process';

import { BuildError, scanElements } from './html.mjs';

export const MARKERS = {
  head: ['<!-- kb:head -->', '<!-- /kb:head -->'],
  body: ['<!-- kb:body -->', '<!-- /kb:body -->'],
};

/** Why a dataset cannot be published: what the renderer said of it. */
export class DatasetRefused extends Error {}

/**
 * How to run the renderer: $KB_RENDER_PAGE (scripts/build.sh and
 * scripts/publish.sh build it first), else `cargo run`, on the stable
 * toolchain and with the release wasm's nightly settings left out.
 */
export function rendererCommand(env = process.env) {
  if (env.KB_RENDER_PAGE) return { command: env.KB_RENDER_PAGE, args: [], env };
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    if (key === 'RUSTUP_TOOLCHAIN' || key.startsWith('CARGO_UNSTABLE_') || /^CARGO_TARGET_.*_RUSTFLAGS$/.test(key)) {
      delete clean[key];
    }
  }
  return { command: 'cargo', args: ['run', '--quiet', '--bin', 'render-page', '--'], env: clean };
}

/**
 * Renders the page for the dataset file `dataset`. `base` is the path the
 * site is served under; `siteUrl`, its absolute URL if known. Resolves to
 * `{ head, body, dataset }`; throws DatasetRefused with the renderer's
 * words (the field and the place) for a dataset that is not right.
 * @param {{ dataset: string, base?: string, siteUrl?: string | null,
 *   renderer?: { command: string, args: string[], env: NodeJS.ProcessEnv } }} options
 * @returns {{ head: string, body: string, dataset: string }}
 */
export function renderPage({ dataset, base = '/', siteUrl = null, renderer = rendererCommand() }) {
  const args = [...renderer.args, '--base', base];
  if (siteUrl) args.push('--site-url', siteUrl);
  args.push(dataset);
  const run = spawnSync(renderer.command, args, { env: renderer.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw new BuildError(`could not run the page renderer (${renderer.command}): ${run.error.message}`);
  if (run.status === 1) throw new DatasetRefused(run.stderr.trim());
  if (run.status !== 0) throw new BuildError(`the page renderer failed (status ${run.status}): ${run.stderr.trim()}`);
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new BuildError('the page renderer printed something that is not its JSON');
  }
}

/** `html` with the text between each pair of markers replaced. */
export function withFirstHtml(html, { head, body }) {
  let out = html;
  for (const [part, text] of [
    ['head', head],
    ['body', body],
  ]) {
    const [open, close] = MARKERS[part];
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start || out.indexOf(open, start + 1) >= 0) {
      throw new BuildError(`index.html needs the markers ${open} and ${close} once each, in that order`);
    }
    out = `${out.slice(0, start + open.length)}\n  ${text}\n  ${out.slice(end)}`;
  }
  return out;
}

/** The path the built page is served under: its `<base href>`. */
export function baseOf(html) {
  const base = scanElements(html).find((el) => el.tag === 'base');
  const href = base?.attrs.get('href') || '/';
  return href.endsWith('/') ? href : `${href}/`;
}

/** The site's absolute URL a built page names (its canonical link), if any. */
export function siteUrlOf(html) {
  const canonical = scanElements(html).find(
    (el) => el.tag === 'link' && (el.attrs.get('rel') || '').toLowerCase() === 'canonical',
  );
  return canonical?.attrs.get('href') || null;
}

/**
 * The site's absolute URL from an origin given at build time
 * (`https://example.org`) and the base path; null without an origin.
 */
export function siteUrlFrom(origin, base) {
  if (!origin) return null;
  let url;
  try {
    url = new URL(origin);
  } catch {
    throw new BuildError(`the site origin ${JSON.stringify(origin)} is not a URL (say https://example.org)`);
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
    throw new BuildError(
      `the site origin ${JSON.stringify(origin)} should be just a scheme and a host, such as https://example.org`,
    );
  }
  return `${url.origin}${base}`;
}
