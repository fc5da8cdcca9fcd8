import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import {
  backupFileName,
  checkDatabaseFile,
  hasBackupOn,
  listBackups,
  parseBackupName,
  resolveBackup,
  rotateBackups,
  takeBackup,
} from '../../src-main/store/backup';
import { openDatabase } from '../../src-main/store/db';
import { clinicIdOf } from '../../src-main/store/backup';
import { writeSettings } from '../../src-main/store/settings';
import { migrations } from '../../src-main/store/migrations/index';
import type { Caller } from '../../src-main/api/dispatch';
import { createRecordsHost } from '../../src-main/api/handlers/records';
import type { BackupTaken } from '../../src-main/api/types';
import { closeHandoutWorker } from '../../src-main/core/handout/pdf-worker-client';

let t: TestCore;
const admin: Caller = { channel: 'staff', key: 'test:admin' };

beforeEach(async () => {
  t = await makeTestCore();
  const r = await t.call(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' });
  expect(r.ok).toBe(true);
});
afterEach(() => t.dispose());

async function submit(n: number, offset = 0): Promise<void> {
  const vs = loadVignettes().filter((v) => v.expectUrgency === 'routine');
  for (let i = 0; i < n; i++) {
    const v = vs[(i + offset) % vs.length]!;
    const r = await t.call(t.kiosk, 'intake.submit', submissionFor(v, '2026-11-26', `Patient ${i + offset} Núñez`));
    expect(r.ok, JSON.stringify(r)).toBe(true);
  }
}

/** Every user table's rows, in rowid order: what "the same data" means. */
function snapshot(db: Database.Database, skip: string[] = []): Record<string, unknown[]> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE " +
        "VIRTUAL%' ORDER BY name",
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables
      .filter((x) => !skip.includes(x.name))
      .map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]),
  );
}

const backupDir = () => join(t.dataDir, 'backups');
const handoutsDir = () => join(t.dataDir, 'handouts');

describe('backup file names', () => {
  it('are UTC timestamps that sort by time and parse back', () => {
    const at = new Date('2026-03-05T07:08:09.010Z');
    const name = backupFileName(at);
    expect(name).toBe('stride-20260305T070809010Z.db');
    expect(parseBackupName(name)?.toISOString()).toBe(at.toISOString());
    expect(parseBackupName('stride-20261399T000000000Z.db')).toBeNull();
    expect(parseBackupName('notes.txt')).toBeNull();
  });

  it('a chosen name cannot step outside the backup folder', () => {
    mkdirSync(backupDir(), { recursive: true });
    expect(() => resolveBackup(backupDir(), '../stride.db')).toThrow(/not a Stride backup/);
    expect(() => resolveBackup(backupDir(), 'stride-20260305T070809010Z.db')).toThrow(/does not exist/);
  });
});

describe('online backup and rotation', () => {
  it('backs up while the core is open, the copy passes integrity_check and holds the same data', async () => {
    await submit(5);
    const r = await t.call(admin, 'records.backupNow', {});
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const name = r.ok ? (r.value as { name: string }).name : '';
    expect(checkDatabaseFile(join(backupDir(), name)).schemaVersion).toBeGreaterThanOrEqual(1);
    const copy = new Database(join(backupDir(), name), { readonly: true });
    // The backup's own audit row is written after the copy, so compare everything but the audit log's last row.
    const live = snapshot(t.core.db);
    const backedUp = snapshot(copy);
    copy.close();
    expect(backedUp['intake_sessions']).toEqual(live['intake_sessions']);
    expect(backedUp['patients']).toEqual(live['patients']);
    expect(backedUp['audit_log']).toEqual((live['audit_log'] ?? []).slice(0, -1));
    const audit = t.core.db
      .prepare("SELECT actor_id, detail_json FROM audit_log WHERE action = 'records.backup'")
      .get() as { actor_id: number; detail_json: string };
    expect(audit.actor_id).toBe(1);
    expect(JSON.parse(audit.detail_json)).toMatchObject({ name });
  });

  it('keeps the newest `keep` backups and leaves other files alone', async () => {
    const dir = backupDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'README.txt'), 'not ours');
    const start = new Date('2026-01-01T00:00:00Z').getTime();
    for (let i = 0; i < 6; i++) await takeBackup(t.core.db, dir, new Date(start + i * 86_400_000), 4, handoutsDir());
    const names = listBackups(dir).map((b) => b.name);
    expect(names).toEqual([5, 4, 3, 2].map((i) => backupFileName(new Date(start + i * 86_400_000))));
    expect(existsSync(join(dir, 'README.txt'))).toBe(true);
    expect(rotateBackups(dir, 1)).toHaveLength(3);
  });

  it('a backup taken after the clock was set back is kept, the oldest other one goes', async () => {
    const dir = backupDir();
    for (const day of [10, 11, 12])
      await takeBackup(t.core.db, dir, new Date(`2026-01-${day}T00:00:00Z`), 3, handoutsDir());
    const taken = await takeBackup(t.core.db, dir, new Date('2026-01-01T00:00:00Z'), 3, handoutsDir());
    expect(
      listBackups(dir)
        .map((b) => b.name)
        .sort(),
    ).toEqual(
      [
        taken.name,
        backupFileName(new Date('2026-01-11T00:00:00Z')),
        backupFileName(new Date('2026-01-12T00:00:00Z')),
      ].sort(),
    );
  });

  it('refuses a relative backup folder instead of writing wherever the app started', async () => {
    t.core.db
      .prepare(
        "INSERT INTO settings (key, value_json) VALUES ('app', ?) ON CONFLICT (key) DO UPDATE SET value_json = " +
          'excluded.value_json',
      )
      .run(JSON.stringify({ backupDir: 'backups-here' }));
    expect(await t.call(admin, 'records.backupNow', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/full path/) },
    });
    expect(await t.call(admin, 'records.listBackups', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('an interrupted copy (.partial) never counts as a backup and is cleared on the next run', async () => {
    const dir = backupDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${backupFileName(new Date('2026-01-01T00:00:00Z'))}.partial`), 'half a file');
    expect(listBackups(dir)).toEqual([]);
    await takeBackup(t.core.db, dir, new Date('2026-01-02T00:00:00Z'), 14, handoutsDir());
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('uses settings.backupDir and settings.backupKeep', async () => {
    const elsewhere = join(t.dataDir, 'usb-stick');
    const current = await t.call(admin, 'admin.settings.get', {});
    if (!current.ok) throw new Error(JSON.stringify(current));
    const settings = { ...(current.value as object), backupDir: elsewhere, backupKeep: 2 };
    const saved = await t.call(admin, 'admin.settings.update', { settings });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect((await t.call(admin, 'records.backupNow', {})).ok).toBe(true);
      t.clock.advance(1000);
    }
    const list = await t.call(admin, 'records.listBackups', {});
    expect(list.ok && list.value).toMatchObject({ dir: elsewhere, keep: 2 });
    expect(list.ok && (list.value as { backups: unknown[] }).backups).toHaveLength(2);
  });
});

describe('daily schedule (injected clock, no waiting)', () => {
  it('takes one backup per clinic day', async () => {
    expect(hasBackupOn(backupDir(), t.clock.now())).toBe(false);
    expect(await t.core.backups.dailyCheck()).not.toBeNull();
    t.clock.advance(60 * 60_000);
    expect(await t.core.backups.dailyCheck()).toBeNull();
    t.clock.advance(24 * 60 * 60_000);
    expect(await t.core.backups.dailyCheck()).not.toBeNull();
    expect(listBackups(backupDir())).toHaveLength(2);
  });

  it('refuses a second backup while one is copying', async () => {
    await submit(3);
    const first = t.call(admin, 'records.backupNow', {});
    const second = await t.call(admin, 'records.backupNow', {});
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await first).ok).toBe(true);
  });
});

describe('restore', () => {
  it('round trip: restored database equals the original, the current one is kept aside, staff are locked', async () => {
    await submit(6);
    const original = snapshot(t.core.db);
    const taken = await t.call(admin, 'records.backupNow', {});
    const name = taken.ok ? (taken.value as { name: string }).name : '';
    await submit(4, 6);
    t.clock.advance(5000);

    const r = await t.call(admin, 'records.restore', { name });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const report = r.ok ? (r.value as { keptAside: string; fromSchemaVersion: number }) : null;
    expect(report?.keptAside).toMatch(/^stride\.db\.before-restore-\d{8}T\d{9}Z$/);
    expect(existsSync(join(t.dataDir, report!.keptAside))).toBe(true);

    // The restored data is the original, plus exactly the audit rows of the backup and the restore.
    const restored = snapshot(t.core.db);
    const { audit_log: restoredAudit, ...restoredRest } = restored;
    const { audit_log: originalAudit, ...originalRest } = original;
    expect(restoredRest).toEqual(originalRest);
    expect((restoredAudit ?? []).slice(0, originalAudit!.length)).toEqual(originalAudit);
    expect((restoredAudit ?? []).slice(originalAudit!.length).map((a) => (a as { action: string }).action)).toEqual([
      'records.restore',
    ]);
    expect(t.core.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // The aside database still has the 4 later intakes (nothing is lost by restoring).
    const aside = new Database(join(t.dataDir, report!.keptAside), { readonly: true });
    expect((aside.prepare('SELECT count(*) AS n FROM intake_sessions').get() as { n: number }).n).toBe(10);
    aside.close();

    // Everyone must unlock again; the core keeps working on the restored file.
    expect(await t.call(admin, 'queue.list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect((await t.call(admin, 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
    expect(
      (await t.call(t.kiosk, 'intake.submit', submissionFor(loadVignettes()[0]!, '2026-11-26', 'After Restore'))).ok,
    ).toBe(true);
    const reopened = await t.reopen();
    expect((reopened.core.db.prepare('SELECT count(*) AS n FROM intake_sessions').get() as { n: number }).n).toBe(7);
    t = reopened;
  });

  it('a device revoked after the backup was taken stays revoked once that backup is restored', async () => {
    const pair = async (name: string) => {
      const start = await t.call(admin, 'devices.pair.start', { role: 'kiosk', name });
      if (!start.ok) throw new Error(JSON.stringify(start));
      const outcome = await t.core.devices.redeem((start.value as { code: string }).code, '10.0.0.5');
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome;
    };
    const stolen = await pair('Stolen tablet');
    const kept = await pair('Desk tablet');
    const taken = await t.call(admin, 'records.backupNow', {});
    const name = taken.ok ? (taken.value as { name: string }).name : '';
    expect((await t.call(admin, 'devices.revoke', { deviceId: stolen.device.id })).ok).toBe(true);

    const r = await t.call(admin, 'records.restore', { name });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    // The backup still trusted the stolen tablet; the restored database does not, and says so in its audit row.
    expect((await t.core.devices.findByCredential(stolen.credential))?.revoked_at).not.toBeNull();
    expect((await t.core.devices.findByCredential(kept.credential))?.revoked_at).toBeNull();
    const row = t.core.db.prepare("SELECT detail_json FROM audit_log WHERE action = 'records.restore'").get() as {
      detail_json: string;
    };
    expect(JSON.parse(row.detail_json)).toMatchObject({ devicesKeptRevoked: 1 });
  });

  it('refuses a damaged backup and leaves the live database untouched', async () => {
    await submit(2);
    mkdirSync(backupDir(), { recursive: true });
    const name = backupFileName(new Date('2026-01-01T00:00:00Z'));
    writeFileSync(join(backupDir(), name), Buffer.alloc(8192, 7));
    const before = snapshot(t.core.db);
    const r = await t.call(admin, 'records.restore', { name });
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(snapshot(t.core.db)).toEqual(before);
  });

  it('refuses a backup from a newer schema', async () => {
    const taken = await takeBackup(t.core.db, backupDir(), new Date('2026-01-01T00:00:00Z'), 14, handoutsDir());
    const file = join(backupDir(), taken.name);
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    const r = await t.call(admin, 'records.restore', { name: taken.name });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/newer Stride/) },
    });
  });

  it('migrates a backup from an older schema version', async () => {
    const file = join(backupDir(), backupFileName(new Date('2026-01-01T00:00:00Z')));
    mkdirSync(backupDir(), { recursive: true });
    const old = openDatabase(file, { migrations: migrations.slice(0, 1) });
    old
      .prepare(
        "INSERT INTO clinicians (name, role, pin_hash, pin_salt, created_at) VALUES ('Old Admin', 'admin', 'x', 'y', " +
          "'2025-01-01T00:00:00Z')",
      )
      .run();
    old.pragma('journal_mode = DELETE');
    old.close();
    const name = backupFileName(new Date('2026-01-01T00:00:00Z'));
    // It predates clinic ids: the admin is asked, and once confirmed it takes this clinic's id.
    const liveClinic = clinicIdOf(t.core.db);
    expect(await t.call(admin, 'records.restore', { name })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/before Stride recorded which clinic/) },
    });
    const r = await t.call(admin, 'records.restore', { name, confirmOtherClinic: 'unrecorded' });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(clinicIdOf(t.core.db)).toBe(liveClinic);
    expect(r.ok && (r.value as { fromSchemaVersion: number }).fromSchemaVersion).toBe(1);
    expect(t.core.db.pragma('user_version', { simple: true })).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(t.core.db.prepare('SELECT name FROM clinicians').all()).toEqual([{ name: 'Old Admin' }]);
  });
});

describe('restore refuses what it cannot safely put live', () => {
  /** A backup of this clinic, then changed with `edit` as a crafted or damaged file would be. */
  async function editedBackup(edit: (db: Database.Database) => void): Promise<string> {
    const taken = await takeBackup(t.core.db, backupDir(), new Date('2026-01-01T00:00:00Z'), 14, handoutsDir());
    const db = new Database(join(backupDir(), taken.name));
    edit(db);
    db.close();
    return taken.name;
  }

  it('a backup whose schema differs from a freshly migrated one (extra trigger, missing index)', async () => {
    await submit(2);
    const before = snapshot(t.core.db);
    const extra = await editedBackup((db) =>
      db.exec('CREATE TRIGGER sneaky AFTER INSERT ON intake_sessions BEGIN DELETE FROM patients; END;'),
    );
    expect(await t.call(admin, 'records.restore', { name: extra })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/unexpected trigger sneaky/) },
    });
    t.clock.advance(1000);
    const missing = await editedBackup((db) => db.exec('DROP INDEX audit_by_time'));
    expect(await t.call(admin, 'records.restore', { name: missing })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/lacks the index audit_by_time/) },
    });
    expect(snapshot(t.core.db)).toEqual(before);
    expect(readdirSync(t.dataDir).filter((f) => f.includes('restoring'))).toEqual([]);
  });

  it('a backup in which no administrator is active', async () => {
    const name = await editedBackup((db) => db.exec('UPDATE clinicians SET disabled = 1'));
    expect(await t.call(admin, 'records.restore', { name })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/no active administrator/) },
    });
  });

  it("another clinic's backup needs a confirmation that shows its name and counts", async () => {
    const other = await makeTestCore();
    try {
      expect((await other.call(admin, 'staff.setup', { name: 'Bea Boss', pin: '246813' })).ok).toBe(true);
      writeSettings(other.core.db, { clinicName: 'Riverside Physio' });
      const r = await other.call(other.kiosk, 'intake.submit', submissionFor(loadVignettes()[0]!, '2026-11-26'));
      expect(r.ok).toBe(true);
      const taken = await takeBackup(other.core.db, backupDir(), new Date('2026-01-01T00:00:00Z'), 14, handoutsDir());
      const otherId = clinicIdOf(other.core.db)!;
      const inspected = await t.call(admin, 'records.inspectBackup', { name: taken.name });
      expect(inspected).toMatchObject({
        ok: true,
        value: { sameClinic: false, clinicId: otherId, clinicName: 'Riverside Physio', patients: 1, sessions: 1 },
      });
      expect(await t.call(admin, 'records.restore', { name: taken.name })).toMatchObject({
        ok: false,
        error: {
          code: 'conflict',
          message: expect.stringMatching(/another clinic, "Riverside Physio" \(1 patient, 1 visit\)/),
        },
      });
      const done = await t.call(admin, 'records.restore', { name: taken.name, confirmOtherClinic: otherId });
      expect(done.ok, JSON.stringify(done)).toBe(true);
      expect(clinicIdOf(t.core.db)).toBe(otherId);
    } finally {
      other.dispose();
    }
  });

  it('a restore is audited with the admin who did it, in both databases', async () => {
    const taken = await t.call(admin, 'records.backupNow', {});
    const name = taken.ok ? (taken.value as { name: string }).name : '';
    t.clock.advance(1000);
    const r = await t.call(admin, 'records.restore', { name });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const keptAside = r.ok ? (r.value as { keptAside: string }).keptAside : '';
    const row = t.core.db.prepare("SELECT actor_type, actor_id FROM audit_log WHERE action = 'records.restore'").get();
    expect(row).toEqual({ actor_type: 'clinician', actor_id: 1 });
    const aside = new Database(join(t.dataDir, keptAside), { readonly: true });
    expect(
      aside.prepare("SELECT actor_type, actor_id FROM audit_log WHERE action = 'records.restore.replaced'").get(),
    ).toEqual({ actor_type: 'clinician', actor_id: 1 });
    aside.close();
  });
});

describe('backup files', () => {
  it('are out of WAL (they open read-only from write-protected media) and leave no -wal/-shm beside them', async () => {
    await submit(2);
    const r = await t.call(admin, 'records.backupNow', {});
    const name = r.ok ? (r.value as { name: string }).name : '';
    const header = readFileSync(join(backupDir(), name)).subarray(18, 20);
    // Bytes 18 and 19 of an SQLite file are 2 in WAL mode, 1 with a rollback journal.
    expect([...header]).toEqual([1, 1]);
    // The database and the folder of its handout PDFs (empty here): no -wal/-shm/.partial leftovers.
    expect(readdirSync(backupDir()).sort()).toEqual([name, name.replace(/\.db$/, '.handouts')]);
    expect(statSync(join(backupDir(), name)).mode & 0o777).toBe(0o600);
  });

  it('a rotated backup takes its handouts folder with it', async () => {
    const dir = backupDir();
    const start = new Date('2026-01-01T00:00:00Z').getTime();
    for (let i = 0; i < 3; i++) await takeBackup(t.core.db, dir, new Date(start + i * 86_400_000), 2, handoutsDir());
    expect(readdirSync(dir).filter((f) => f.endsWith('.handouts'))).toHaveLength(2);
  });
});

describe('backups hold the handout PDFs', () => {
  afterAll(() => closeHandoutWorker());

  /** A visit with a generated handout PDF on file; returns its file name and bytes. */
  async function handoutOnFile(): Promise<{ fileName: string; bytes: Buffer }> {
    const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
    expect((await t.call(t.kiosk, 'intake.submit', submissionFor(v, '2026-11-26', 'Handout Patient'))).ok).toBe(true);
    const sessionId = (t.core.db.prepare('SELECT max(id) AS id FROM intake_sessions').get() as { id: number }).id;
    expect((await t.call(admin, 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
    const s = await t.call(admin, 'handout.suggest', { sessionId });
    if (!s.ok) throw new Error(s.error.message);
    const g = await t.call(admin, 'handout.generate', { sessionId, plan: (s.value as { plan: unknown }).plan });
    if (!g.ok) throw new Error(g.error.message);
    const fileName = (g.value as { handout: { fileName: string } }).handout.fileName;
    return { fileName, bytes: readFileSync(join(handoutsDir(), fileName)) };
  }

  const backupNow = async (): Promise<BackupTaken> => {
    const r = await t.call(admin, 'records.backupNow', {});
    if (!r.ok) throw new Error(r.error.message);
    return r.value as BackupTaken;
  };

  it('backup then restore brings back a lost handout PDF byte for byte', async () => {
    const h = await handoutOnFile();
    const taken = await backupNow();
    expect(taken).toMatchObject({ handouts: 1, handoutsMissing: 0 });
    const copy = join(backupDir(), taken.name.replace(/\.db$/, '.handouts'), h.fileName);
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(await t.call(admin, 'records.listBackups', {})).toMatchObject({
      ok: true,
      value: { backups: [{ name: taken.name, handouts: 1 }], handoutsDir: handoutsDir() },
    });

    rmSync(join(handoutsDir(), h.fileName));
    t.clock.advance(5000);
    const r = await t.call(admin, 'records.restore', { name: taken.name });
    expect(r).toMatchObject({ ok: true, value: { handoutsRestored: 1, handoutsAbsent: 0 } });
    const back = join(handoutsDir(), h.fileName);
    expect(readFileSync(back).equals(h.bytes)).toBe(true);
    expect(statSync(back).mode & 0o777).toBe(0o600);
    // And the restored database serves it again.
    const row = t.core.db.prepare('SELECT id FROM handouts WHERE file_name = ?').get(h.fileName) as { id: number };
    expect((await t.call(admin, 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
    expect(await t.call(admin, 'handout.download', { handoutId: row.id })).toMatchObject({ ok: true });
  });

  it('a backup taken while a PDF is missing says so, and restores the rest', async () => {
    const h = await handoutOnFile();
    rmSync(join(handoutsDir(), h.fileName));
    const taken = await backupNow();
    expect(taken).toMatchObject({ handouts: 0, handoutsMissing: 1 });
    t.clock.advance(5000);
    expect(await t.call(admin, 'records.restore', { name: taken.name })).toMatchObject({
      ok: true,
      value: { handoutsRestored: 0, handoutsAbsent: 1 },
    });
  });

  /** Rewrites a handout row of a backup's database, as a crafted backup would. */
  function craft(name: string, sql: string, ...params: string[]): void {
    const db = new Database(join(backupDir(), name));
    // The append-only trigger goes for the edit and comes back as it was, so the schema check still passes.
    const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'handouts_never_updated'").get() as {
      sql: string;
    };
    db.exec('DROP TRIGGER handouts_never_updated');
    db.prepare(sql).run(...params);
    db.exec(trigger.sql);
    db.close();
  }

  it('a crafted backup with a handout name like ../../x is refused, and nothing is written outside', async () => {
    const h = await handoutOnFile();
    const taken = await backupNow();
    const folder = join(backupDir(), taken.name.replace(/\.db$/, '.handouts'));
    // The file a crafted backup wants written two folders up, and its hash recorded as the handout's.
    writeFileSync(join(folder, '..', '..', 'x'), 'outside');
    craft(taken.name, 'UPDATE handouts SET file_name = ? WHERE file_name = ?', '../../x', h.fileName);
    rmSync(join(handoutsDir(), h.fileName));
    const before = readdirSync(t.dataDir).sort();
    t.clock.advance(5000);
    const r = await t.call(admin, 'records.restore', { name: taken.name });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/name Stride never makes/) },
    });
    expect(readdirSync(t.dataDir).sort()).toEqual(before);
    expect(readdirSync(handoutsDir())).toEqual([]);
    // The live database is still the one in use.
    expect((t.core.db.prepare('SELECT count(*) AS n FROM handouts').get() as { n: number }).n).toBe(1);
  });

  it('a backup whose PDF is not the file its database recorded is refused', async () => {
    const h = await handoutOnFile();
    const taken = await backupNow();
    const copy = join(backupDir(), taken.name.replace(/\.db$/, '.handouts'), h.fileName);
    writeFileSync(copy, Buffer.concat([readFileSync(copy), Buffer.from('%tampered')]));
    t.clock.advance(5000);
    expect(await t.call(admin, 'records.restore', { name: taken.name })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/not the file its database recorded/) },
    });
  });

  it('a backup whose PDF is a link out of its folder is refused', async () => {
    const h = await handoutOnFile();
    const taken = await backupNow();
    const copy = join(backupDir(), taken.name.replace(/\.db$/, '.handouts'), h.fileName);
    const outside = join(t.dataDir, 'elsewhere.pdf');
    writeFileSync(outside, h.bytes);
    rmSync(copy);
    symlinkSync(outside, copy);
    t.clock.advance(5000);
    expect(await t.call(admin, 'records.restore', { name: taken.name })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/not a plain file in its folder/) },
    });
  });

  it('an older backup without a handouts folder still restores, and says its PDFs were not in it', async () => {
    await handoutOnFile();
    const taken = await backupNow();
    rmSync(join(backupDir(), taken.name.replace(/\.db$/, '.handouts')), { recursive: true });
    expect(await t.call(admin, 'records.listBackups', {})).toMatchObject({
      ok: true,
      value: { backups: [{ name: taken.name, handouts: null }] },
    });
    t.clock.advance(5000);
    expect(await t.call(admin, 'records.restore', { name: taken.name })).toMatchObject({
      ok: true,
      value: { handoutsRestored: null },
    });
  });
});

describe('a restore that fails after the swap', () => {
  it('puts the previous database back, reopens it, and says so', async () => {
    await submit(3);
    const taken = await takeBackup(t.core.db, backupDir(), new Date('2026-01-01T00:00:00Z'), 14, handoutsDir());
    await submit(2, 3);
    const dbFile = join(t.dataDir, 'stride.db');
    await t.core.close();
    let live = openDatabase(dbFile);
    let opens = 0;
    const host = createRecordsHost({
      dbFile,
      fontDir: join(t.dataDir, 'fonts'),
      defaultBackupDir: backupDir(),
      clock: t.clock,
      live: {
        db: () => live,
        close: () => live.close(),
        open: () => {
          // The first open is of the restored file: make it fail as a full disk or a bad file would.
          if (++opens === 1) throw new Error('disk I/O error');
          live = openDatabase(dbFile);
        },
      },
    });
    expect(() => host.restore(taken.name, 1)).toThrow(/previous database was put back and is in use again/);
    expect((live.prepare('SELECT count(*) AS n FROM intake_sessions').get() as { n: number }).n).toBe(5);
    expect(live.prepare('SELECT action FROM audit_log ORDER BY id DESC LIMIT 2').all()).toEqual([
      { action: 'records.restore.failed' },
      { action: 'records.restore.replaced' },
    ]);
    expect(readdirSync(t.dataDir).filter((f) => /restor/.test(f))).toEqual([]);
    live.close();
    t = await t.reopen();
  });
});
