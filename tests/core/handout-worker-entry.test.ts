/** Where the handout worker starts from, in each way Stride runs: source, a standalone chunk, the main build. */
import { describe, expect, it } from 'vitest';
import { BUILT_WORKER_FILE, workerEntry } from '../../src-main/core/handout/pdf-worker-client';

const never = () => false;

describe('the handout worker entry', () => {
  it('from source: pdf-worker.ts through tsx', () => {
    const entry = workerEntry('file:///repo/src-main/core/handout/pdf-worker-client.ts', null, never);
    expect(entry && 'boot' in entry ? entry.boot : '').toContain('file:///repo/src-main/core/handout/pdf-worker.ts');
  });

  it('bundled into a chunk of out/main (the desktop app, npm run hub): the build worker file beside it', () => {
    const chunk = 'file:///repo/out/main/device-cookie-HqBTk0m4.js';
    const besideIt = (file: URL) => file.href === `file:///repo/out/main/${BUILT_WORKER_FILE}`;
    expect(workerEntry(chunk, null, besideIt)).toEqual({ file: new URL(`file:///repo/out/main/${BUILT_WORKER_FILE}`) });
    // No worker file there (a bundle that inlined the core, as the bench's): rendered in-process.
    expect(workerEntry(chunk, null, never)).toBeNull();
  });

  it('a configured entry wins; a standalone chunk has pdf-worker.js beside it', () => {
    const configured = new URL('file:///app.asar/out/main/handout-worker.js');
    expect(workerEntry('file:///repo/out/main/x.js', configured, never)).toEqual({ file: configured });
    expect(workerEntry('file:///lib/pdf-worker-client.mjs', null, never)).toEqual({
      file: new URL('file:///lib/pdf-worker.mjs'),
    });
  });
});
