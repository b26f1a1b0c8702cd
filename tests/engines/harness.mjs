// Runs every flow of flows.mjs, then of start-flows.mjs, in one engine, as
// node:test tests: one browser for the file, and for each flow a fresh
// session (its own storage and service workers) and its own static server
// on a free port (so the offline flow can cut the network by stopping it).
// After a flow, every tab it opened must be clean (tab.mjs assertClean);
// what it gave ctx.onCleanup runs once its session is closed.
//
// KB_DIST names another build to test (default dist/), as in tests/e2e.
import { test, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/server.mjs';
import { flows } from './flows.mjs';
import { startFlows } from './start-flows.mjs';
import { sleep } from './tab.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.resolve(process.env.KB_DIST || path.join(REPO, 'dist'));
const FLOW_TIMEOUT_MS = 120_000;

export function runEngine(engine) {
  const index = path.join(DIST, 'index.html');
  const built = fs.existsSync(index);
  const data = built ? JSON.parse(fs.readFileSync(path.join(DIST, 'data', 'briefing.json'), 'utf8')) : null;
  const firstHtml = built && /<h1[\s>]/i.test(fs.readFileSync(index, 'utf8'));

  before(async () => {
    if (!built) throw new Error(`${index} not found: build first (scripts/test.sh does)`);
    await engine.start(DIST);
  });
  after(
    async () => {
      console.log(`engine: ${engine.name} ${engine.version ?? ''}`.trim());
      await engine.stop();
    },
    { timeout: 60_000 },
  );

  for (const f of [...flows, ...startFlows]) {
    const skip =
      f.needsFirstHtml && !firstHtml
        ? 'the build has no first HTML yet (index.html holds no h1)'
        : f.needsDownload && engine.noDownload
          ? `this driver cannot save a download: ${engine.noDownload}`
          : f.needsInterception && engine.noInterception
            ? `this driver cannot fail a request: ${engine.noInterception}`
            : false;
    test(`${engine.name}: ${f.name}`, { timeout: FLOW_TIMEOUT_MS, skip }, async (t) => {
      const server = await startServer({ root: engine.root ?? DIST, base: '/' });
      let closed = false;
      const closeServer = async () => {
        if (!closed) await server.close();
        closed = true;
      };
      // A browser that never comes up must not leave the server open (it would keep the layer from ending).
      const session = await engine.newSession(f.session).catch(async (error) => {
        await closeServer();
        throw error;
      });
      const tabs = [session.tab];
      /** @type {(() => unknown)[]} */
      const cleanups = [];
      const newTab = async () => {
        const tab = await session.newTab();
        tabs.push(tab);
        return tab;
      };
      const ctx = {
        engine,
        data,
        tab: session.tab,
        session: { ...session, newTab },
        server: { url: server.url, close: closeServer },
        url: (query = '') => new URL(query, server.url).href,
        note: (text) => t.diagnostic(`${engine.name}: ${text}`),
        onCleanup: (/** @type {() => unknown} */ fn) => cleanups.push(fn),
      };
      try {
        await f.run(ctx);
        for (const tab of tabs) await tab.assertClean({ allow: f.allowConsole, allowDriver: f.allowDriver });
      } finally {
        // A browser that hangs on quit must not hang the layer.
        await Promise.race([session.close().catch(() => {}), sleep(20_000)]);
        for (const fn of cleanups.reverse()) await fn();
        await closeServer();
      }
    });
  }
}
