/**
 * The recovery screen's decisions (shared by the web shell's page and the desktop window): what it shows, which
 * requests it refuses and why, five wrong PINs then a minute's wait, one restore only, the handouts coming back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVignettes, makeTestCore, submissionFor } from '../support/core';
import { RecoveryNeededError } from '../../src-main/api/startup';
import { createRecoverySession, FREE_TRIES, WAIT_MS } from '../../src-main/api/recovery-session';
import { handoutFileName, handoutFiles, sha256Hex } from '../../src-main/store/handout-files';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A clinic with a backup (holding one handout PDF), whose database is then overwritten with junk. */
async function damagedClinic(): Promise<{ dataDir: string; problem: RecoveryNeededError; pdf: Buffer; file: string }> {
  dir = mkdtempSync(join(tmpdir(), 'stride-recovery-session-'));
  const dataDir = join(dir, 'data');
  const t = await makeTestCore({ dataDir });
  const admin = { channel: 'staff' as const, key: 'a' };
  await t.call(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' });
  // A handout row and its file, as handout.generate leaves them (the session and patient it belongs to first).
  const routine = loadVignettes().find((v) => v.expectUrgency === 'routine')!;
  const s = await t.call(t.kiosk, 'intake.submit', submissionFor(routine));
  expect(s.ok).toBe(true);
  const pdf = Buffer.from('%PDF-1.7 a handout for the backup');
  const file = handoutFileName(1, new Date('2026-11-26T09:00:00Z'));
  handoutFiles(dataDir).place(file, pdf);
  t.core.db
    .prepare(
      `INSERT INTO handouts (session_id, patient_id, author_id, created_at, locale, plan_json, file_name, file_sha256,
         file_bytes, library_version, library_hash, exercise_count, override_count)
       VALUES (1, 1, 1, '2026-11-26T09:00:00.000Z', 'en', '{}', ?, ?, ?, 'v', 'h', 0, 0)`,
    )
    .run(file, sha256Hex(pdf), pdf.length);
  expect((await t.call(admin, 'records.backupNow', {})).ok).toBe(true);
  await t.core.close();
  writeFileSync(join(dataDir, 'stride.db'), Buffer.alloc(8192, 0x5a));
  for (const x of ['-wal', '-shm']) rmSync(join(dataDir, `stride.db${x}`), { force: true });
  rmSync(join(dataDir, 'handouts', file));
  try {
    await makeTestCore({ dataDir });
  } catch (e) {
    if (e instanceof RecoveryNeededError) return { dataDir, problem: e, pdf, file };
    throw e;
  }
  throw new Error('expected the core to refuse the damaged database');
}

describe('recovery session', () => {
  it('shows the problem, the backup, what comes back with it, and the backup’s administrators', async () => {
    const { dataDir, problem } = await damagedClinic();
    const status = createRecoverySession({ problem, dataDir }).status();
    expect(status.problem).toMatch(/damaged/);
    expect(status.backup).toMatchObject({ name: problem.newest!.name, handouts: 1 });
    expect(status.backup!.holds).toMatch(/1 handout PDF,/);
    expect(status.admins).toEqual([{ id: 1, name: 'Ada Admin' }]);
    expect(status.done).toBe(false);
  });

  it('refuses malformed and unconfirmed requests without counting them as PIN tries', async () => {
    const { dataDir, problem } = await damagedClinic();
    const session = createRecoverySession({ problem, dataDir });
    for (const bad of [null, 'x', { clinicianId: '1', pin: '246813', confirm: true }, { clinicianId: 1, pin: 'abc' }])
      expect(session.attempt(bad)).toMatchObject({ ok: false, refusal: 'invalid' });
    expect(session.attempt({ clinicianId: 1, pin: '246813', confirm: true, extra: 1 })).toMatchObject({
      refusal: 'invalid',
    });
    expect(session.attempt({ clinicianId: 1, pin: '246813', confirm: false })).toMatchObject({
      refusal: 'unconfirmed',
    });
    expect(readdirSync(dataDir).some((f) => f.includes('damaged-'))).toBe(false);
    // Six refusals, none of them a PIN try: the right PIN is not made to wait.
    expect(session.attempt({ clinicianId: 1, pin: '246813', confirm: true })).toMatchObject({ ok: true });
  });

  it('after five wrong PINs waits a minute, even for the right PIN; then restores once, with handouts', async () => {
    const { dataDir, problem, pdf, file } = await damagedClinic();
    let at = new Date('2026-11-27T08:00:00Z').getTime();
    const session = createRecoverySession({ problem, dataDir, now: () => new Date(at) });
    for (let i = 0; i < FREE_TRIES; i++)
      expect(session.attempt({ clinicianId: 1, pin: '111111', confirm: true })).toMatchObject({
        refusal: 'wrong-pin',
      });
    expect(session.attempt({ clinicianId: 1, pin: '246813', confirm: true })).toMatchObject({ refusal: 'waiting' });
    at += WAIT_MS + 1;
    const r = session.attempt({ clinicianId: 1, pin: '246813', confirm: true });
    expect(r).toMatchObject({ ok: true, handoutsRestored: 1 });
    expect(readFileSync(join(dataDir, 'handouts', file)).equals(pdf)).toBe(true);
    expect(existsSync(join(dataDir, 'stride.db'))).toBe(true);
    expect(session.status().done).toBe(true);
    expect(session.attempt({ clinicianId: 1, pin: '246813', confirm: true })).toMatchObject({ refusal: 'done' });
  });

  it('with no verified backup offers nothing to restore', async () => {
    const { dataDir, problem } = await damagedClinic();
    const none = new RecoveryNeededError(problem.reason, problem.dbFile, null);
    const session = createRecoverySession({ problem: none, dataDir });
    expect(session.status()).toMatchObject({ backup: null, admins: [] });
    expect(session.attempt({ clinicianId: 1, pin: '246813', confirm: true })).toMatchObject({
      refusal: 'no-backup',
    });
  });
});
