// Offline after the first load, installable, safe updates, sub-paths
// (contract: "Serving", "Offline"; issue 5). Each test runs its own server,
// so it can cut the network for real (stop the server) and swap builds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../scripts/server.mjs';
import {
  appTest,
  assert,
  setupSuite,
  gotoApp,
  waitForArticle,
  eventually,
  readDataset,
  startsWith,
  norm,
  sleep,
  DIST,
  DIST_KOSOVO,
} from './helpers.mjs';

setupSuite({ serve: false });

/** A server the test can stop and start again on the same port. */
async function ownServer(onCleanup, { root = DIST, base = '/' } = {}) {
  // `server` is null while stopped; the tests read it only while it runs.
  /** @type {{ server: any, root: string, base: string, [more: string]: any }} */
  const holder = { server: await startServer({ root, base }), root, base };
  holder.port = holder.server.port;
  holder.stop = async () => {
    if (holder.server) await holder.server.close();
    holder.server = null;
  };
  holder.start = async () => {
    if (!holder.server) holder.server = await startServer({ root: holder.root, base, port: holder.port });
  };
  holder.setRoot = (dir) => {
    holder.root = dir;
    holder.server?.setRoot(dir);
  };
  onCleanup(() => holder.stop());
  return holder;
}

/** Network really cut: the browser is offline and the server is gone. */
async function goOffline(context, srv) {
  await context.setOffline(true);
  await srv.stop();
}

async function goOnline(context, srv) {
  await srv.start();
  await context.setOffline(false);
}

/** Wait until a service worker is active and controls the page (reloading if needed). */
async function waitForController(page) {
  const ready = await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 15_000)),
    ]),
  );
  assert.ok(ready, 'a service worker became active');
  for (let i = 0; i < 5; i++) {
    if (await page.evaluate(() => !!navigator.serviceWorker.controller)) return;
    await sleep(300);
    if (await page.evaluate(() => !!navigator.serviceWorker.controller)) return;
    await page.reload();
    await waitForArticle(page);
  }
  assert.fail('the service worker never controlled the page');
}

function offlineStatus(page) {
  return page.getByRole('status').filter({ hasText: 'Offline' });
}

async function filterWorks(page, d) {
  const fa = d.focus_areas.find((f) => f.slug === 'governance') ?? d.focus_areas[0];
  await page
    .getByRole('group', { name: 'Filter by focus area' })
    .getByRole('button', { name: startsWith(fa.label) })
    .click();
  const n = d.events.filter((e) => e.focus_area === fa.slug).length;
  await eventually(async () =>
    assert.match(
      norm((await page.getByRole('status').allInnerTexts()).join(' ')),
      new RegExp(`\\b${n}\\s+of\\s+${d.events.length}\\b`),
    ),
  );
  await eventually(async () =>
    assert.equal(await page.getByRole('list', { name: 'Timeline events' }).locator(':scope > li:visible').count(), n),
  );
}

function commentsSection(page) {
  return page
    .locator('section')
    .filter({ has: page.getByRole('heading', { level: 2, name: startsWith('Comments') }) })
    .last();
}

async function postComment(page, name, text) {
  const form = commentsSection(page)
    .locator('form')
    .filter({ has: page.getByRole('button', { name: 'Post comment' }) });
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await form.getByRole('textbox', { name: 'Comment', exact: true }).fill(text);
  await form.getByRole('button', { name: 'Post comment' }).click();
  await commentsSection(page).locator('article').filter({ hasText: text }).last().waitFor({ state: 'visible' });
}

/** Requests the server answered with an error (the browser's own /favicon.ico aside). */
function serverFailures(server) {
  return server.requests.filter((r) => r.status >= 400 && !r.url.startsWith('/favicon.ico'));
}

/** Width and height of a PNG. */
function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

// ---------------------------------------------------------------------------

appTest(
  'a service worker registers at the base, with updateViaCache "none", and controls the page',
  async ({ page, onCleanup }) => {
    const srv = await ownServer(onCleanup);
    await gotoApp(page, '', { server: srv.server });
    await waitForController(page);
    const reg = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return r && { scope: r.scope, updateViaCache: r.updateViaCache };
    });
    assert.ok(reg, 'registered');
    assert.equal(reg.scope, srv.server.url, 'scope is the app base');
    assert.equal(reg.updateViaCache, 'none');
    assert.deepEqual(serverFailures(srv.server), []);
  },
);

appTest(
  'with the network cut after one online load: article, filtering, comments and posting work; "Offline" shows and goes',
  async ({ page, context, onCleanup }) => {
    const d = readDataset(DIST);
    const srv = await ownServer(onCleanup);
    await gotoApp(page, '', { server: srv.server });
    await waitForController(page);
    await postComment(page, 'Online', 'Posted while online');
    assert.equal(await offlineStatus(page).filter({ visible: true }).count(), 0, 'no offline status while online');

    await goOffline(context, srv);
    await offlineStatus(page).first().waitFor({ state: 'visible' });
    assert.match(norm(await offlineStatus(page).first().innerText()), /Offline/);

    await page.reload();
    await waitForArticle(page);
    assert.equal(norm(await page.locator('h1').innerText()), norm(d.article.headline), 'the article offline');
    await offlineStatus(page).first().waitFor({ state: 'visible' });
    await filterWorks(page, d);
    await commentsSection(page)
      .locator('article')
      .filter({ hasText: 'Posted while online' })
      .first()
      .waitFor({ state: 'visible' });
    await postComment(page, 'Offline', 'Posted while offline');

    await goOnline(context, srv);
    await eventually(async () =>
      assert.equal(await offlineStatus(page).filter({ visible: true }).count(), 0, 'offline status gone'),
    );
    await page.reload();
    await waitForArticle(page);
    await commentsSection(page)
      .locator('article')
      .filter({ hasText: 'Posted while offline' })
      .first()
      .waitFor({ state: 'visible' });
  },
);

appTest(
  'a web app manifest: name, icons 192 and 512 px, theme colour, standalone, scoped to the base',
  async ({ page, onCleanup }) => {
    const srv = await ownServer(onCleanup);
    await gotoApp(page, '', { server: srv.server });
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    assert.ok(href, 'index.html links a manifest');
    const manifestUrl = new URL(href, page.url()).href;
    const res = await page.request.get(manifestUrl);
    assert.equal(res.status(), 200);
    const m = await res.json();
    assert.ok(norm(m.name).length > 0, 'name');
    assert.ok(norm(m.short_name).length > 0, 'short_name');
    assert.ok(norm(m.theme_color).length > 0, 'theme_color');
    assert.ok(norm(m.background_color).length > 0, 'background_color');
    assert.equal(m.display, 'standalone');
    for (const k of ['start_url', 'scope']) {
      assert.ok(m[k] !== undefined, k);
      assert.ok(new URL(m[k], manifestUrl).href.startsWith(srv.server.url), `${k} is within the base`);
    }
    const icons = m.icons ?? [];
    for (const size of [192, 512]) {
      const withSize = icons.filter((i) =>
        String(i.sizes ?? '')
          .split(/\s+/)
          .includes(`${size}x${size}`),
      );
      const icon = withSize.find((i) => !i.purpose || /\bany\b/.test(i.purpose)) ?? withSize[0];
      assert.ok(icon, `an icon of ${size}x${size}`);
      const r = await page.request.get(new URL(icon.src, manifestUrl).href);
      assert.equal(r.status(), 200, `${icon.src} is served`);
      assert.deepEqual(pngSize(await r.body()), [size, size], `${icon.src} really is ${size}x${size}`);
    }
    assert.ok(
      icons.some((i) => /maskable/.test(i.purpose ?? '')),
      'a maskable icon',
    );
  },
);

/** Build B: dist/ copied, with a new headline, a new worker version and a marker in index.html. */
function makeBuildB(headline) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-build-b-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const dataFile = path.join(dir, 'data', 'briefing.json');
  const data = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
  data.article.headline = headline;
  fs.writeFileSync(dataFile, JSON.stringify(data, null, 2));

  const swFile = path.join(dir, 'sw.js');
  let sw = fs.readFileSync(swFile, 'utf8');
  const m = /(["'])([0-9a-f]{8,64})\1/.exec(sw);
  let oldVersion = null;
  /** @type {string | null} */
  let newVersion = null;
  if (m) {
    oldVersion = m[2];
    newVersion = [...oldVersion].map((ch) => ((parseInt(ch, 16) + 1) % 16).toString(16)).join('');
    sw = sw.replace(m[0], m[1] + newVersion + m[1]);
  } else {
    sw += '\n// build B\n';
  }
  fs.writeFileSync(swFile, sw);

  const indexFile = path.join(dir, 'index.html');
  const html = fs.readFileSync(indexFile, 'utf8');
  assert.ok(html.includes('</head>'));
  fs.writeFileSync(indexFile, html.replace('</head>', '<meta name="kb-build" content="B"></head>'));
  return { dir, oldVersion, newVersion };
}

appTest(
  'a new deployment offers "Reload to update"; after it the page runs build B only, no request failed',
  async ({ page, onCleanup }) => {
    const d = readDataset(DIST);
    const headlineB = `Build B: ${d.article.headline}`;
    const b = makeBuildB(headlineB);
    onCleanup(() => fs.rmSync(b.dir, { recursive: true, force: true }));
    const srv = await ownServer(onCleanup);

    const failed = [];
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`);
    });

    await gotoApp(page, '', { server: srv.server });
    await waitForController(page);
    const cachesA = await page.evaluate(() => caches.keys());
    assert.ok(cachesA.length > 0, 'build A cached itself');

    srv.setRoot(b.dir);
    await page.evaluate(async () => {
      // The page is controlled (waitForController): it has a registration.
      const r = /** @type {ServiceWorkerRegistration} */ (await navigator.serviceWorker.getRegistration());
      await r.update();
    });
    const reload = page.getByRole('button', { name: /Reload to update/ });
    await reload.waitFor({ state: 'visible', timeout: 20_000 });
    await page.getByText('Update available').first().waitFor({ state: 'visible' });
    // Until the reader says so, the open page is still build A, and works.
    assert.equal(await page.locator('meta[name="kb-build"]').count(), 0, 'still build A');
    await filterWorks(page, d);

    await reload.click();
    await eventually(
      async () => {
        assert.equal(
          await page.locator('meta[name="kb-build"]').getAttribute('content', { timeout: 1000 }),
          'B',
          "build B's index.html",
        );
        assert.equal(
          norm(await page.locator('h1').innerText({ timeout: 1000 })),
          norm(headlineB),
          "build B's headline",
        );
      },
      { timeout: 20_000 },
    );
    await eventually(async () =>
      assert.equal(await page.getByRole('button', { name: /Reload to update/ }).count(), 0, 'prompt gone'),
    );
    await eventually(async () => {
      const keys = await page.evaluate(() => caches.keys());
      assert.ok(keys.length > 0, 'build B cached');
      assert.deepEqual(
        keys.filter((k) => cachesA.includes(k)),
        [],
        "build A's caches deleted",
      );
    });
    const newVersion = b.newVersion;
    if (newVersion) {
      assert.ok(
        (await page.evaluate(() => caches.keys())).some((k) => k.includes(newVersion)),
        "the cache name carries build B's version",
      );
    }
    assert.deepEqual(serverFailures(srv.server), [], 'no request failed on the server');
    assert.deepEqual(failed, [], 'no request failed in the page');
  },
);

appTest(
  'two open tabs: after one takes the update, "Reload to update" in the other loads build B too',
  async ({ page, context, onCleanup }) => {
    const d = readDataset(DIST);
    const headlineB = `Build B: ${d.article.headline}`;
    const b = makeBuildB(headlineB);
    onCleanup(() => fs.rmSync(b.dir, { recursive: true, force: true }));
    const srv = await ownServer(onCleanup);
    await gotoApp(page, '', { server: srv.server });
    await waitForController(page);
    const other = await context.newPage();
    await gotoApp(other, '', { server: srv.server });
    await waitForController(other);

    srv.setRoot(b.dir);
    await page.evaluate(async () =>
      /** @type {ServiceWorkerRegistration} */ (await navigator.serviceWorker.getRegistration()).update(),
    );
    for (const tab of [page, other]) {
      await tab.getByRole('button', { name: /Reload to update/ }).waitFor({ state: 'visible', timeout: 20_000 });
    }
    await page.getByRole('button', { name: /Reload to update/ }).click();
    await eventually(
      async () =>
        assert.equal(await page.locator('meta[name="kb-build"]').getAttribute('content', { timeout: 1000 }), 'B'),
      { timeout: 20_000 },
    );

    await other.getByRole('button', { name: /Reload to update/ }).click();
    await eventually(
      async () => {
        assert.equal(
          await other.locator('meta[name="kb-build"]').getAttribute('content', { timeout: 1000 }),
          'B',
          'build B in the other tab',
        );
        assert.equal(norm(await other.locator('h1').innerText({ timeout: 1000 })), norm(headlineB));
      },
      { timeout: 20_000 },
    );
  },
);

appTest(
  'under a sub-path (/kosovo/): assets, dataset and worker scope there, and offline too',
  async ({ page, context, onCleanup }) => {
    const d = readDataset(DIST_KOSOVO);
    const srv = await ownServer(onCleanup, { root: DIST_KOSOVO, base: '/kosovo/' });
    assert.ok(srv.server.url.endsWith('/kosovo/'));
    await gotoApp(page, '', { server: srv.server });
    assert.equal(norm(await page.locator('h1').innerText()), norm(d.article.headline));
    await waitForController(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
    assert.equal(scope, srv.server.url, 'worker scope is /kosovo/');

    const reqs = srv.server.requests;
    assert.ok(
      reqs.some((r) => r.url.split('?')[0] === '/kosovo/data/briefing.json' && r.status === 200),
      'dataset fetched under /kosovo/',
    );
    const outside = reqs.filter((r) => !r.url.startsWith('/kosovo/') && !r.url.startsWith('/favicon.ico'));
    assert.deepEqual(outside, [], 'nothing requested outside /kosovo/');
    assert.deepEqual(serverFailures(srv.server), []);

    const base = srv.server.url;
    await goOffline(context, srv);
    await page.goto(`${base}?focus=governance`);
    await waitForArticle(page);
    assert.equal(
      norm(await page.locator('h1').innerText()),
      norm(d.article.headline),
      'the article offline under /kosovo/',
    );
    const gov = d.events.filter((e) => e.focus_area === 'governance').length;
    await eventually(async () =>
      assert.match(
        norm((await page.getByRole('status').allInnerTexts()).join(' ')),
        new RegExp(`\\b${gov}\\s+of\\s+${d.events.length}\\b`),
      ),
    );
    await page
      .getByRole('group', { name: 'Filter by focus area' })
      .getByRole('button', { name: startsWith('All') })
      .click();
    await eventually(async () =>
      assert.match(
        norm((await page.getByRole('status').allInnerTexts()).join(' ')),
        new RegExp(`\\b${d.events.length}\\s+of\\s+${d.events.length}\\b`),
      ),
    );
    await goOnline(context, srv);
  },
);
