/**
 * Start-up on a lost or damaged database: Stride stops with what recovery needs instead of opening first-run setup to
 * whoever is at the screen, or starting and then failing every intake.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { RecoveryNeededError } from '../../src-main/api/startup';
import { DatabaseUnusableError, probeDatabase } from '../../src-main/store/db';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function clinicFolder(): string {
  const d = mkdtempSync(join(tmpdir(), 'stride-startup-'));
  dirs.push(d);
  return d;
}

/** A clinic with an admin and one backup, then closed: the folder a restart finds. */
async function usedClinic(): Promise<{ dataDir: string; backup: string }> {
  // A folder the core makes itself, as on a first start.
  const dataDir = join(clinicFolder(), 'stride');
  const t: TestCore = await makeTestCore({ dataDir });
  const admin = { channel: 'staff' as const, key: 'a' };
  expect((await t.call(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
  const r = await t.call(admin, 'records.backupNow', {});
  const backup = r.ok ? (r.value as { name: string }).name : '';
  await t.core.close();
  return { dataDir, backup };
}

async function startError(dataDir: string): Promise<unknown> {
  try {
    await (await makeTestCore({ dataDir })).core.close();
    return null;
  } catch (e) {
    return e;
  }
}

describe('start-up', () => {
  it('a new, empty folder is a new clinic (first-run setup)', async () => {
    expect(await startError(clinicFolder())).toBeNull();
  });

  it.each(['missing', 'empty'] as const)(
    'a %s database where backups exist stops and names the newest verified backup',
    async (how) => {
      const { dataDir, backup } = await usedClinic();
      const dbFile = join(dataDir, 'stride.db');
      for (const s of ['', '-wal', '-shm']) rmSync(dbFile + s, { force: true });
      if (how === 'empty') writeFileSync(dbFile, '');
      const e = await startError(dataDir);
      expect(e).toBeInstanceOf(RecoveryNeededError);
      expect((e as RecoveryNeededError).reason).toBe(how);
      expect((e as RecoveryNeededError).newest?.name).toBe(backup);
      expect((e as Error).message).toMatch(new RegExp(`${how}.*nothing is lost.*${backup}`));
      // No new, empty clinic was made in its place.
      expect(existsSync(dbFile) ? statSync(dbFile).size : 0).toBe(0);
    },
  );

  it('a damaged database stops with the reason, and a damaged newest backup is passed over', async () => {
    const { dataDir, backup } = await usedClinic();
    const dbFile = join(dataDir, 'stride.db');
    for (const s of ['-wal', '-shm']) rmSync(dbFile + s, { force: true });
    const bytes = readFileSync(dbFile);
    bytes.fill(0x5a, 0, 100); // the header: no longer an SQLite file
    writeFileSync(dbFile, bytes);
    // A newer backup that is itself damaged is not the one offered.
    writeFileSync(join(dataDir, 'backups', 'stride-20991231T000000000Z.db'), Buffer.alloc(4096, 1));
    const e = (await startError(dataDir)) as RecoveryNeededError;
    expect(e).toBeInstanceOf(RecoveryNeededError);
    expect(e.reason).toBe('damaged');
    expect(e.newest?.name).toBe(backup);
  });

  it('the write probe turns a database that cannot be written into a clear error', async () => {
    const { dataDir } = await usedClinic();
    const db = new Database(join(dataDir, 'stride.db'), { readonly: true });
    try {
      expect(() => probeDatabase(db)).toThrow(DatabaseUnusableError);
      expect(() => probeDatabase(db)).toThrow(/cannot be written/);
    } finally {
      db.close();
    }
  });

  it('keeps the data folder 0700 and the database 0600', async () => {
    const { dataDir } = await usedClinic();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'stride.db')).mode & 0o777).toBe(0o600);
  });
});

describe('a failed write during the day', () => {
  it('tells the staff screens at once, and the kiosk gets a typed refusal (it keeps the answers)', async () => {
    const t = await makeTestCore();
    try {
      const heard: unknown[] = [];
      t.core.events.subscribe((e) => heard.push(e));
      // As when the file turns read-only under the running app.
      t.core.db.pragma('query_only = ON');
      const r = await t.call(t.kiosk, 'intake.submit', submissionFor(loadVignettes()[0]!, '2026-11-26', 'Ann Lee'));
      expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(heard).toContainEqual({ type: 'storage.failed', problem: 'read-only' });
    } finally {
      t.dispose();
    }
  });
});
