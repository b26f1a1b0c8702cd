// The shared flows (flows.mjs) in webkit: node --test tests/engines/webkit.test.mjs
import { runEngine } from './harness.mjs';
import { webkit } from './adapters/webkit.mjs';

runEngine(webkit);
