// What the tests and the benchmarks put on the page's window (in page.evaluate,
// init scripts and exposed bindings), for the type check of their JSDoc
// (tsconfig.json). None of it exists in the app itself.
export {};

declare global {
  interface Window {
    // bench/run.mjs: CSP violations, the records of its load, interaction, comments and
    // interactive probes, and the binding by which the last tells Node where to click
    __kbCsp: any[];
    __kbLoad: any;
    __kbProbe: any;
    __kbComments: any;
    __kbInteractive: any;
    __kbTell?: (message: object) => void;
    // tests/engines/locate.mjs and collector.mjs
    __kbFind: (query: object) => any[];
    __kbName: (el: Element) => string;
    __kbNorm: (text: string | null | undefined) => string;
    __kbProblems: { kind: string; text: string; page: string }[];
    __kbCollector: { firstScript: boolean; at: DocumentReadyState };
    __kbInlineRan?: boolean;
    // tests/e2e
    __kbSeen: Set<Element>;
    __kbSamePage?: boolean;
    __kbShift: number;
    __kbAlertTexts: (string | null)[];
    __xss?: unknown;
    __stored: (key: string) => string | null;
    __startLag: () => void;
    __endLag: () => void;
    axe: typeof import('axe-core');
  }
  interface Element {
    // tests/e2e/first-html.test.mjs marks the built elements to see which were replaced
    __kbBuilt?: boolean;
  }
  // tests/e2e/helpers.mjs: the binding Playwright exposes for CSP reports
  var __kbReportCsp: ((violation: object) => void) | undefined;
}
