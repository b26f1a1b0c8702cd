// The shared flows (flows.mjs) in firefox: node --test tests/engines/firefox.test.mjs
import { runEngine } from './harness.mjs';
import { firefox } from './adapters/firefox.mjs';

runEngine(firefox);
