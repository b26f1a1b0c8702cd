// Firefox (Debian's firefox-esr) through puppeteer-core over WebDriver BiDi;
// no browser is downloaded: the executable is given. Each session is a BiDi
// user context (its own storage and service workers). Collector and storage
// blocker: preload scripts (page.evaluateOnNewDocument, BiDi
// script.addPreloadScript), which run before the page's first script.
// Offline: page.setOfflineMode (BiDi emulation.setNetworkConditions). A
// request failed on purpose: request interception (BiDi network.addIntercept,
// then network.failRequest or network.continueRequest).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { installCollector } from '../collector.mjs';
import { blockStorage } from '../storage-blocker.mjs';
import { Tab, WAIT_MS, until } from '../tab.mjs';

export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

class FirefoxTab extends Tab {
  constructor(engine, page, downloads) {
    super(engine);
    this.page = page;
    /** The folder this session's downloads are saved in (BiDi browser.setDownloadBehavior). */
    this.downloads = downloads;
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
  /** Elements Gecko's accessibility tree gives this role and exact name (BiDi locateNodes). */
  async _accessibleCount(role, name) {
    return (await this.page.$$(`::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`)).length;
  }
  _click(el) {
    return el.click();
  }
  async _fill(el, text) {
    // Select what is there and type over it, as a reader would.
    await el.evaluate((e) => {
      e.focus();
      e.select();
    });
    await el.press('Backspace');
    if (text) await el.type(text);
  }
  async _goto(url) {
    await this.page.goto(url);
  }
  async _reload() {
    await this.page.reload();
  }
  async _download(run) {
    const before = new Set(fs.readdirSync(this.downloads));
    await run();
    let file = '';
    await until(
      () => {
        const fresh = fs.readdirSync(this.downloads).filter((f) => !before.has(f) && !f.endsWith('.part'));
        file = fresh.length === 1 ? path.join(this.downloads, fresh[0]) : '';
        return file !== '' && fs.statSync(file).size > 0;
      },
      { message: 'the download is saved' },
    );
    return fs.readFileSync(file, 'utf8');
  }
  _url() {
    return this.page.url();
  }
  _close() {
    return this.page.close();
  }
}

export const firefox = {
  name: 'firefox',
  offline: 'page.setOfflineMode over BiDi (navigator.onLine goes false) and the server stopped',
  noStorage: 'a preload script: localStorage throws a SecurityError',
  async start() {
    this.browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX,
      headless: true,
      // Quiet and local: no updates, telemetry or remote settings fetches.
      extraPrefsFirefox: {
        'app.update.enabled': false,
        'browser.shell.checkDefaultBrowser': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false,
        'network.captive-portal-service.enabled': false,
      },
    });
    this.version = await this.browser.version();
  },
  async stop() {
    await this.browser?.close();
  },
  async newSession({ noStorage = false } = {}) {
    const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-firefox-downloads-'));
    const context = await this.browser.createBrowserContext({
      downloadBehavior: { policy: 'allow', downloadPath: downloads },
    });
    const pages = [];
    /** @type {RegExp | null} Requests whose URL matches fail (failRequests). */
    let failing = null;
    const intercept = async (/** @type {import('puppeteer-core').Page} */ page, /** @type {RegExp} */ pattern) => {
      page.on('request', (request) => {
        if (request.isInterceptResolutionHandled()) return;
        if (pattern.test(request.url())) request.abort();
        else request.continue();
      });
      await page.setRequestInterception(true);
    };
    const open = async () => {
      const page = await context.newPage();
      await page.setViewport({ width: 1280, height: 800 });
      await page.evaluateOnNewDocument(installCollector);
      if (noStorage) await page.evaluateOnNewDocument(blockStorage);
      if (failing) await intercept(page, failing);
      pages.push(page);
      return new FirefoxTab(this, page, downloads);
    };
    return {
      tab: await open(),
      newTab: open,
      setOffline: async (on) => {
        for (const p of pages) if (!p.isClosed()) await p.setOfflineMode(on);
      },
      /** Every request of this session's tabs whose URL matches `pattern` fails as a network error. */
      failRequests: async (/** @type {RegExp} */ pattern) => {
        if (failing) throw new Error('failRequests: already failing requests in this session');
        failing = pattern;
        for (const p of pages) if (!p.isClosed()) await intercept(p, pattern);
      },
      close: () => context.close(),
    };
  },
};
