// WebKit: WebKitGTK's MiniBrowser (Debian's libwebkit2gtk-4.1-0) through
// WebKitWebDriver (Debian's webkit2gtk-driver), classic WebDriver, with
// selenium-webdriver given the driver's URL (selenium-manager never runs).
// The layer starts Xvfb and the driver itself (webkit-processes.mjs). Each
// session is a new MiniBrowser (its own storage and service workers).
//
// Limits of this driver, and what the adapter does instead:
// - No script before the page's: WebKitWebDriver 2.50 has no BiDi (a
//   session asking for webSocketUrl is refused), and classic WebDriver has
//   no init scripts. The pages come from a copy of the build that loads the
//   collector as its first script (first-script-build.mjs).
// - No storage: MiniBrowser's own setting, --enable-html5-local-storage=false
//   (window.localStorage is then null), not a script.
// - No network emulation: the offline flow cuts the network by stopping the
//   server only; navigator.onLine stays true, so the "Offline" notice is not
//   checked here.
// - No request interception: classic WebDriver cannot fail a request, so
//   "the driver aborts the wasm request" is skipped (noInterception); the
//   start flows' own server still holds, refuses and cuts the wasm here.
// - A launch that never comes up: now and then (3 times in about 750
//   sessions here) WebKitWebDriver's new session never answers, and no
//   MiniBrowser is running. A launch is given up after LAUNCH_MS and made
//   once more; the one given up is quit if it ever comes.
import { Builder } from 'selenium-webdriver';
import { buildWithCollector } from '../first-script-build.mjs';
import { installLocator } from '../locate.mjs';
import { Tab } from '../tab.mjs';
import { startWebKitDriver, startXvfb } from '../webkit-processes.mjs';

export const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** How long a new session may take (it takes about 0.3 s) before it is launched again. */
const LAUNCH_MS = 20_000;

class WebKitTab extends Tab {
  constructor(engine, driver, handle) {
    super(engine);
    this.driver = driver;
    this.handle = handle;
  }
  /** Commands go to the current window: make it this tab's. */
  async #here() {
    if ((await this.driver.getWindowHandle()) !== this.handle) await this.driver.switchTo().window(this.handle);
  }
  async _eval(source) {
    await this.#here();
    const script =
      'const done = arguments[arguments.length - 1];' +
      `Promise.resolve().then(() => ${source}).then((v) => done({ ok: v }), (e) => done({ error: String((e && e.stack) || e) }));`;
    const out = await this.driver.executeAsyncScript(script);
    if (out && 'error' in out) throw new Error(`in the page: ${out.error}`);
    return out.ok;
  }
  async _element(query, index) {
    await this.#here();
    return this.driver.executeScript(`return ${Tab.elementExpression(query, index)};`);
  }
  /**
   * Elements WebKit's accessibility tree gives this role and exact name:
   * WebDriver's computed role and label of every element of that role.
   */
  async _accessibleCount(role, name) {
    await this.#here();
    const all = await this.driver.executeScript(
      `return ((${installLocator})(), window.__kbFind(${JSON.stringify({ role })}));`,
    );
    let n = 0;
    for (const el of all) if ((await el.getAriaRole()) === role && (await el.getAccessibleName()) === name) n++;
    return n;
  }
  /**
   * The page scrolls smoothly (scroll-behavior on the root), and so does
   * WebKitWebDriver's own scroll into view: a click or key press would land
   * before the element arrives and fail as "not interactable". Scroll at once.
   */
  async #inView(el) {
    await this.#here();
    await this.driver.executeScript('arguments[0].scrollIntoView({ block: "center", behavior: "instant" })', el);
  }
  async _click(el) {
    await this.#inView(el);
    await el.click();
  }
  async _fill(el, text) {
    await this.#inView(el);
    await el.clear();
    if (text) await el.sendKeys(text);
  }
  async _goto(url) {
    await this.#here();
    await this.driver.get(url);
  }
  async _reload() {
    await this.#here();
    await this.driver.navigate().refresh();
  }
  async _url() {
    await this.#here();
    return this.driver.getCurrentUrl();
  }
  async _close() {
    await this.#here();
    await this.driver.close();
    const [other] = await this.driver.getAllWindowHandles();
    if (other) await this.driver.switchTo().window(other);
  }
}

export const webkit = {
  name: 'webkit',
  offline: 'the server stopped (WebKitWebDriver cannot emulate offline; navigator.onLine stays true)',
  noDownload:
    'WebKitWebDriver speaks classic WebDriver only (no BiDi), which has no command to allow a download or say where it went',
  noInterception:
    'WebKitWebDriver speaks classic WebDriver only (no BiDi), which has no command to intercept, fail or hold a request',
  noStorage: "MiniBrowser's --enable-html5-local-storage=false (localStorage is null)",
  async start(dist) {
    this.build = buildWithCollector(dist);
    this.root = this.build.root;
    this.xvfb = await startXvfb();
    this.server = await startWebKitDriver(this.xvfb.display);
  },
  async stop() {
    await this.server?.stop();
    await this.xvfb?.stop();
    this.build?.remove();
  },
  async newSession(opts) {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const launching = this.launch(opts);
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      const session = await Promise.race([
        launching,
        new Promise((resolve) => {
          timer = setTimeout(() => resolve(null), LAUNCH_MS);
        }),
      ]);
      clearTimeout(timer);
      if (session) return session;
      console.log(`webkit: no MiniBrowser came up in ${LAUNCH_MS / 1000} s (attempt ${attempt})`);
      launching.then(
        (late) => late.close().catch(() => {}),
        () => {},
      );
    }
    throw new Error(
      `no MiniBrowser came up in ${LAUNCH_MS / 1000} s, twice: WebKitWebDriver's new session never answered`,
    );
  },
  /** One MiniBrowser, through WebKitWebDriver's new session. */
  async launch({ noStorage = false } = {}) {
    const args = ['--automation'];
    if (noStorage) args.push('--enable-html5-local-storage=false');
    const driver = await new Builder()
      .disableEnvironmentOverrides()
      .usingServer(this.server.url)
      .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } })
      .build();
    await driver.manage().setTimeouts({ script: 30_000, pageLoad: 30_000 });
    await driver.manage().window().setRect({ width: 1280, height: 800 });
    this.version ??= (await driver.getCapabilities()).get('browserVersion');
    const first = new WebKitTab(this, driver, await driver.getWindowHandle());
    return {
      tab: first,
      newTab: async () => {
        await driver.switchTo().newWindow('tab');
        return new WebKitTab(this, driver, await driver.getWindowHandle());
      },
      close: () => driver.quit(),
    };
  },
};
