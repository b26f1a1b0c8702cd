// What went wrong in a page, collected in the page itself, so that every
// engine reports the same things the same way: uncaught errors, unhandled
// rejections, Content-Security-Policy violations and console.error calls.
//
// `installCollector` is serialized into the page (it must stay
// self-contained). Each adapter runs it before the page's own scripts
// (Playwright: an init script; puppeteer over BiDi: a preload script;
// WebKit: see adapters/webkit.mjs) and reads `window.__kbProblems` before
// the page goes away. `firstScript` records that no script of the page had
// run before it.

export function installCollector() {
  if (window.__kbProblems) return;
  const problems = [];
  Object.defineProperty(window, '__kbProblems', { value: problems });
  Object.defineProperty(window, '__kbCollector', {
    value: {
      firstScript: [...document.scripts].every((s) => s === document.currentScript),
      at: document.readyState,
    },
  });
  const push = (kind, text) => problems.push({ kind, text: String(text).slice(0, 600), page: location.href });
  addEventListener(
    'error',
    (e) => {
      // Resource load failures are events on elements, not ErrorEvents.
      if (e instanceof ErrorEvent) push('uncaught error', `${e.message} (${e.filename}:${e.lineno})`);
    },
    true,
  );
  addEventListener('unhandledrejection', (e) =>
    push('unhandled rejection', e.reason?.stack ? e.reason.stack : e.reason),
  );
  addEventListener(
    'securitypolicyviolation',
    (e) =>
      push(
        'CSP violation',
        `${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      ),
    true,
  );
  const consoleError = console.error;
  console.error = function (...args) {
    push('console error', args.map((a) => a?.stack || String(a)).join(' '));
    return consoleError.apply(this, args);
  };
}
