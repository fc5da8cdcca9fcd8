import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/core';

// A sandboxed preload can only require('electron'): each preload must be built as one standalone file,
// not split into shared chunks that it would have to require.
describe('electron-vite preload build', () => {
  it('builds each preload as an isolated CommonJS bundle', async () => {
    const mod = (await import('../../electron.vite.config')) as { default: unknown };
    const config = mod.default as {
      preload?: { build?: Record<string, unknown> & { rollupOptions?: { output?: { format?: string } } } };
    };
    expect(config.preload?.build?.['isolatedEntries']).toBe(true);
    expect(config.preload?.build?.rollupOptions?.output?.format).toBe('cjs');
  });
});

// pino's transports start a worker thread from a file path, which an inlined copy would not find. Stride uses only
// synchronous destinations, and the main bundle loads pino from node_modules (a production dependency, so electron-vite
// leaves it external) rather than inlining it. Skips until `npm run build` has made out/main.
const mainBundle = join(repoRoot, 'out', 'main', 'main.js');
describe.skipIf(!existsSync(mainBundle))('electron-vite main build', () => {
  it('loads pino from node_modules instead of inlining it', () => {
    const source = readFileSync(mainBundle, 'utf8');
    expect(source).toMatch(/^import pino from "pino";$/m);
    expect(source).not.toMatch(/thread-stream|pino\.transport\(/);
  });
});
