import { describe, expect, it } from 'vitest';

// A sandboxed preload can only require('electron'): each preload must be built as one standalone file,
// not split into shared chunks that it would have to require.
describe('electron-vite preload build', () => {
  it('builds each preload as an isolated CommonJS bundle', async () => {
    const mod = (await import('../../electron.vite.config')) as { default: unknown };
    const config = mod.default as { preload?: { build?: Record<string, unknown> & { rollupOptions?: { output?: { format?: string } } } } };
    expect(config.preload?.build?.['isolatedEntries']).toBe(true);
    expect(config.preload?.build?.rollupOptions?.output?.format).toBe('cjs');
  });
});
