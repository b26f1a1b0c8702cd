// For the type check of sw.js (tsconfig.sw.json); not shipped: index.html copies
// only the files it names. TypeScript's "webworker" lib types `self` as a plain
// WorkerGlobalScope; sw.js runs in a service worker's, so that scope is given
// the members of ServiceWorkerGlobalScope that sw.js uses.
export {};

declare global {
  interface WorkerGlobalScope {
    readonly registration: ServiceWorkerRegistration;
    readonly clients: Clients;
    skipWaiting(): Promise<void>;
    addEventListener<K extends keyof ServiceWorkerGlobalScopeEventMap>(
      type: K,
      listener: (this: ServiceWorkerGlobalScope, ev: ServiceWorkerGlobalScopeEventMap[K]) => unknown,
      options?: boolean | AddEventListenerOptions,
    ): void;
  }
}
