/**
 * The recovery screen: it names the newest verified backup, refuses a wrong PIN (from the backup's administrators),
 * and with the right one puts the backup in place, keeps the damaged file aside and hands over to Stride.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCore } from '../support/core';
import { RecoveryNeededError } from '../../src-main/api/startup';
import { startRecoveryShell, type RecoveryShell } from '../../src-main/web/recovery-page';

let dir: string;
let shell: RecoveryShell | null = null;
afterEach(async () => {
  await shell?.close();
  shell = null;
  rmSync(dir, { recursive: true, force: true });
});

function post(
  url: string,
  form: Record<string, string>,
  origin?: string,
): Promise<{ status: number; body: string; location?: string }> {
  const u = new URL(url);
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(origin ? { Origin: origin } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            ...(res.headers.location ? { location: res.headers.location } : {}),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function damagedClinic(): Promise<{ dataDir: string; problem: RecoveryNeededError; backup: string }> {
  dir = mkdtempSync(join(tmpdir(), 'stride-recovery-'));
  const dataDir = join(dir, 'data');
  const t = await makeTestCore({ dataDir });
  const admin = { channel: 'staff' as const, key: 'a' };
  await t.call(admin, 'staff.setup', { name: 'Ada <b>Admin</b>', pin: '246813' });
  const r = await t.call(admin, 'records.backupNow', {});
  const backup = r.ok ? (r.value as { name: string }).name : '';
  await t.core.close();
  writeFileSync(join(dataDir, 'stride.db'), Buffer.alloc(8192, 0x5a));
  for (const s of ['-wal', '-shm']) rmSync(join(dataDir, `stride.db${s}`), { force: true });
  try {
    await makeTestCore({ dataDir });
  } catch (e) {
    if (e instanceof RecoveryNeededError) return { dataDir, problem: e, backup };
    throw e;
  }
  throw new Error('expected the core to refuse the damaged database');
}

describe('recovery screen', () => {
  it('names the backup, refuses a wrong PIN, restores with the right one and hands over', async () => {
    const { dataDir, problem, backup } = await damagedClinic();
    let handedOver = 0;
    shell = await startRecoveryShell({
      problem,
      dataDir,
      onRecovered: async () => {
        handedOver++;
        return 'http://127.0.0.1:1/clinician.html#token=next';
      },
    });
    const page = await fetch(shell.url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(html).toContain(backup);
    expect(html).toContain('damaged');
    // The admin's name is shown escaped, never as markup.
    expect(html).toContain('Ada &lt;b&gt;Admin&lt;/b&gt;');
    expect((await fetch(shell.url.replace(/[0-9a-f]{48}$/, '0'.repeat(48)))).status).toBe(404);

    const origin = new URL(shell.url).origin;
    const wrong = await post(shell.url, { clinicianId: '1', pin: '111111', confirm: 'yes' }, origin);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatch(/PIN is not right/);
    expect(
      await post(shell.url, { clinicianId: '1', pin: '246813', confirm: 'yes' }, 'http://evil.example'),
    ).toMatchObject({
      status: 403,
    });
    expect(handedOver).toBe(0);

    const right = await post(shell.url, { clinicianId: '1', pin: '246813', confirm: 'yes' }, origin);
    expect(right).toMatchObject({ status: 303, location: 'http://127.0.0.1:1/clinician.html#token=next' });
    expect(handedOver).toBe(1);
    // The damaged file is kept aside; the restored one opens, and says who recovered it.
    expect(readdirSync(dataDir).some((f) => /^stride\.db\.damaged-\d{8}T\d{9}Z$/.test(f))).toBe(true);
    const db = new Database(join(dataDir, 'stride.db'), { readonly: true });
    expect(db.prepare("SELECT actor_id, actor_type FROM audit_log WHERE action = 'records.recover'").get()).toEqual({
      actor_id: 1,
      actor_type: 'clinician',
    });
    db.close();
    const t = await makeTestCore({ dataDir });
    expect(existsSync(join(dataDir, 'stride.db'))).toBe(true);
    await t.core.close();
  });
});
