/**
 * setupFiles of the projects that run the core-level tests on another engine (`api-postgres`): where that engine
 * cannot run here (PostgreSQL's binaries absent, not root), every test skips with the reason instead of failing.
 */
import { beforeEach } from 'vitest';
import { testEngineUnavailable } from './test-engine';

const reason = testEngineUnavailable();
if (reason) beforeEach((context) => context.skip(`skipped: ${reason}`));
