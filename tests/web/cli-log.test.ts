/**
 * The web shell process (src-main/web/cli.ts) logs through the one logger to stderr, so stdout keeps only the line of
 * addresses that `npm start` and the browser tests read. Skips until `npm run build` has made out/renderer.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startShell, type RunningShell } from '../support/browser/harness';
import { repoRoot } from '../support/core';

let shell: RunningShell | undefined;
afterAll(async () => shell?.stop());

describe.skipIf(!existsSync(join(repoRoot, 'out', 'renderer', 'kiosk.html')))('web shell process log', () => {
  it('writes security events as JSON lines on stderr, nothing more on stdout', async () => {
    shell = await startShell();
    let stdout = '';
    let stderr = '';
    shell.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    shell.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const stolen = 'deadbeef'.repeat(6);
    const res = await fetch(`${shell.info.origin}/api/call/queue.list`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stolen}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fullName: 'Zoë Núñez' }),
    });
    expect(res.status).toBe(401);
    for (let i = 0; i < 50 && !stderr.includes('\n'); i++) await new Promise((r) => setTimeout(r, 20));
    const lines = stderr.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ level: 'security', kind: 'web.bad-token', status: 401 }),
    ]);
    expect(stderr).not.toMatch(/deadbeef|Núñez/);
    expect(stdout).toBe('');
  }, 40_000);
});
