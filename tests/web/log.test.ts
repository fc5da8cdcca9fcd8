import { afterEach, describe, expect, it } from 'vitest';
import { startWebShell, type WebShell } from '../../src-main/web/server';
import { makeTestCore, type TestCore } from '../support/core';
import { captureLog } from '../support/log';

let t: TestCore;
let shell: WebShell;
afterEach(async () => {
  await shell?.close();
  t?.dispose();
});

describe('web shell security log', () => {
  it('records refused requests as security events, without the presented token or the body', async () => {
    t = await makeTestCore();
    const { lines, logger } = captureLog();
    shell = await startWebShell({ core: t.core, rendererDir: t.dataDir, logger });
    const stolen = 'deadbeef'.repeat(6);
    const res = await fetch(`${shell.origin}/api/call/queue.list`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stolen}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fullName: 'Zoë Núñez' }),
    });
    expect(res.status).toBe(401);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'security', kind: 'web.bad-token', status: 401 });
    expect(lines[0]).not.toContain(stolen);
    expect(lines[0]).not.toContain('Núñez');
  });
});
