/**
 * A large database is quick_checked on a worker thread after start (issue 17: a crashed kiosk must be back at once),
 * and damage found there still reaches the staff screens at once (issue 15). The size threshold is set to 0 here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createStrideCore, type StrideCore } from '../../src-main/api/app';
import type { StaffEvent } from '../../src-main/api/contract';
import { repoRoot } from '../support/core';
import { routineIntake } from '../support/clinician';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-bgcheck-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const start = (quickCheckAtOpenMaxBytes: number): StrideCore =>
  createStrideCore({
    dataDir: dir,
    resourcesDir: join(repoRoot, 'resources'),
    backupSchedule: false,
    quickCheckAtOpenMaxBytes,
  });

async function clinicWithSessions(): Promise<void> {
  const core = start(Number.MAX_SAFE_INTEGER);
  const kiosk = { channel: 'kiosk' as const, key: 'k' };
  for (let i = 0; i < 30; i++) {
    const r = await core.dispatch(kiosk, 'intake.submit', {
      ...routineIntake,
      patient: { ...routineIntake.patient, fullName: `Patient ${i}` },
    });
    if (!r.ok) throw new Error(r.error.message);
  }
  core.close();
}

/** Overwrites an index's root page with noise: the file still opens, only a full check reads that page. */
function damageIndex(): void {
  const file = join(dir, 'stride.db');
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sessions_by_patient'").get() as {
    rootpage: number;
  };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize);
  closeSync(fd);
}

describe('the quick_check of a large database, after start', () => {
  it('finds a healthy database ok, and nothing is reported', async () => {
    await clinicWithSessions();
    const core = start(0);
    const events: StaffEvent[] = [];
    core.events.subscribe((e) => events.push(e));
    try {
      expect(core.backgroundCheck).not.toBeNull();
      expect(await core.backgroundCheck).toBe('ok');
      expect(events).toEqual([]);
    } finally {
      core.close();
    }
  });

  it('a damaged page does not stop the start; the check finds it and alerts the staff screens', async () => {
    await clinicWithSessions();
    damageIndex();
    const core = start(0);
    const events: StaffEvent[] = [];
    core.events.subscribe((e) => events.push(e));
    try {
      const result = await core.backgroundCheck;
      expect(result).not.toBe('ok');
      expect(events).toContainEqual({ type: 'storage.failed', problem: 'damaged' });
    } finally {
      core.close();
    }
  });

  it('a small database is still checked before start: the same damage stops it there', async () => {
    await clinicWithSessions();
    damageIndex();
    expect(readFileSync(join(dir, 'stride.db')).length).toBeLessThan(32 * 2 ** 20);
    expect(() => start(32 * 2 ** 20)).toThrow(/damaged/);
  });
});
