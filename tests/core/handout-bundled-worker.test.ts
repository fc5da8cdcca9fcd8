/**
 * The Electron main bundle renders handouts on out/main/handout-worker.js. This proves that file works on its own,
 * with resources found through STRIDE_RESOURCES_DIR as main.ts sets it. Skips only when the build has not run yet
 * (npm test builds before the browser tests; run `npx electron-vite build` to include it in a unit run).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { buildHandoutInput } from '../../src-main/core/handout/input';
import { loadContent } from '../../src-main/core/content/load';
import { suggestPlan } from '../../src-main/core/handout/plan';
import { repoRoot } from '../support/core';
import { handoutLanguage, readPdf } from '../support/handout';

const workerFile = join(repoRoot, 'out', 'main', 'handout-worker.js');

describe.skipIf(!existsSync(workerFile))('bundled handout worker (out/main/handout-worker.js)', () => {
  it('renders a handout PDF sent to it as the main process does', async () => {
    const library = loadContent(join(repoRoot, 'resources', 'content')).library;
    const plan = suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' });
    const input = buildHandoutInput({
      plan,
      library,
      clinic: { name: 'Riverside Physiotherapy' },
      patientName: 'Zoë Núñez',
      clinicianName: 'Amara Okafor',
      date: '2026-11-26',
      language: handoutLanguage('en'),
    });
    const worker = new Worker(workerFile, {
      env: { ...process.env, STRIDE_RESOURCES_DIR: join(repoRoot, 'resources') },
    });
    try {
      const reply = await new Promise<{ pdf?: Uint8Array; error?: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 1, input });
      });
      expect(reply.error).toBeUndefined();
      const { all: text } = await readPdf(reply.pdf!);
      expect(text).toContain('Zoë Núñez');
      expect(text).toContain(library.byId.get(plan.exercises[0]!.exerciseId)!.name.en);
    } finally {
      await worker.terminate();
    }
  });
});
