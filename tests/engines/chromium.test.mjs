// The shared flows (flows.mjs) in chromium: node --test tests/engines/chromium.test.mjs
import { runEngine } from './harness.mjs';
import { chromium } from './adapters/chromium.mjs';

runEngine(chromium);
