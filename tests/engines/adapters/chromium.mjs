// Chromium through playwright-core (Debian's /usr/bin/chromium, as the e2e
// suite drives it), so the shared flows are proven in all three engines.
// Collector and storage blocker: context init scripts, which run before
// the page's first script in every document. Offline: context.setOffline.
// A request failed on purpose: context.route, aborted.
import fs from 'node:fs';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { installCollector } from '../collector.mjs';
import { blockStorage } from '../storage-blocker.mjs';
import { Tab, WAIT_MS } from '../tab.mjs';

class ChromiumTab extends Tab {
  constructor(engine, page) {
    super(engine);
    this.page = page;
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (e) =>
      this.seen.push({ kind: 'uncaught error (driver)', text: String(e.stack || e), page: page.url() }),
    );
  }
  _eval(source) {
    return this.page.evaluate(source);
  }
  async _element(query, index) {
    const handle = await this.page.evaluateHandle(Tab.elementExpression(query, index));
    return handle.asElement();
  }
  /** Elements Chromium's accessibility tree gives this role and exact name. */
  _accessibleCount(role, name) {
    return this.page.getByRole(role, { name, exact: true }).count();
  }
  _click(el) {
    return el.click();
  }
  _fill(el, text) {
    return el.fill(text);
  }
  async _goto(url) {
    await this.page.goto(url);
  }
  async _reload() {
    await this.page.reload();
  }
  async _download(run) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), run()]);
    return fs.readFileSync(await download.path(), 'utf8');
  }
  _url() {
    return this.page.url();
  }
  _close() {
    return this.page.close();
  }
}

export const chromium = {
  name: 'chromium',
  /** How this engine cuts the network for the offline flow, beside stopping the server. */
  offline: 'context.setOffline (navigator.onLine goes false) and the server stopped',
  noStorage: 'an init script: localStorage throws a SecurityError',
  async start() {
    this.browser = await launchChromium();
    this.version = this.browser.version();
  },
  async stop() {
    await this.browser?.close();
  },
  async newSession({ noStorage = false } = {}) {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(installCollector);
    if (noStorage) await context.addInitScript(blockStorage);
    const open = async () => new ChromiumTab(this, await context.newPage());
    return {
      tab: await open(),
      newTab: open,
      setOffline: (on) => context.setOffline(on),
      /** Every request of this session whose URL matches `pattern` fails as a network error. */
      failRequests: (/** @type {RegExp} */ pattern) => context.route(pattern, (route) => route.abort()),
      close: () => context.close(),
    };
  },
};
