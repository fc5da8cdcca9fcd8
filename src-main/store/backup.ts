/**
 * Backups: an online copy of the live database (better-sqlite3 `backup()`, which copies in small steps between
 * event-loop turns, so intakes keep being written meanwhile), switched out of WAL, checked and then renamed into place,
 * and rotated. Each backup has its handout PDFs in a folder beside it (backup-handouts.ts).
 * Restore: a chosen backup is checked (integrity, schema version), copied, migrated if older, compared with a freshly
 * migrated schema, required to have an active administrator, and only then swapped in, with the current database kept
 * aside under a timestamped name.
 */
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { localDate } from '../core/clock';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations/index';
import { migrate, type Db } from './db';
import { readSettings } from './settings';
import { appendAudit, type AuditEntry } from './audit';
import { BackupError } from './backup-error';
import { copyHandoutsForBackup, handoutsFolderOf, handoutsInBackup } from './backup-handouts';

const PREFIX = 'stride-';
/** stride-20261126T091500123Z.db: UTC, sortable, no colons (USB sticks are often FAT32). */
export const BACKUP_NAME = /^stride-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.db$/;

export interface BackupInfo {
  name: string;
  takenAt: string;
  bytes: number;
  /** Handout PDFs in the folder beside it; null for a backup made before backups held them. */
  handouts: number | null;
}

export { BackupError };

export function backupFileName(at: Date): string {
  return `${PREFIX}${at.toISOString().replace(/[-:.]/g, '')}`.replace(/Z$/, 'Z.db');
}

export function parseBackupName(name: string): Date | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Backups in a folder, newest first. Only files named by Stride count; anything else there is left alone. */
export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const at = parseBackupName(name);
    if (!at) continue;
    const file = join(dir, name);
    out.push({ name, takenAt: at.toISOString(), bytes: statSync(file).size, handouts: handoutsInBackup(file) });
  }
  return out.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Whether a backup was taken on the clinic's calendar day of `now` (machine local time). */
export function hasBackupOn(dir: string, now: Date): boolean {
  const day = localDate(now);
  return listBackups(dir).some((b) => localDate(new Date(b.takenAt)) === day);
}

/** The full path of a backup chosen by name, refusing anything that is not a Stride backup inside the folder. */
export function resolveBackup(dir: string, name: string): string {
  if (!BACKUP_NAME.test(name) || basename(name) !== name)
    throw new BackupError('That is not a Stride backup file name.');
  const base = resolve(dir);
  const full = resolve(base, name);
  if (!full.startsWith(base + sep)) throw new BackupError('That is not a Stride backup file name.');
  if (!existsSync(full)) throw new BackupError('That backup does not exist.');
  return full;
}

export interface CheckedDatabase {
  integrity: 'ok';
  schemaVersion: number;
}

/** Opens a database file read-only and checks it: a damaged or newer file is refused with a clear reason. */
export function checkDatabaseFile(file: string, known = LATEST_SCHEMA_VERSION): CheckedDatabase {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new BackupError('The backup could not be opened as a database.');
  }
  try {
    let result: unknown;
    try {
      result = db.pragma('integrity_check', { simple: true });
    } catch {
      throw new BackupError('The backup is not a readable database.');
    }
    if (result !== 'ok') throw new BackupError('The backup is damaged (integrity check failed).');
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion > known) {
      throw new BackupError(
        `The backup was written by a newer Stride (schema ${schemaVersion}; this version knows up to ${known}).`,
      );
    }
    if (schemaVersion < 1) throw new BackupError('The backup holds no Stride data.');
    return { integrity: 'ok', schemaVersion };
  } finally {
    db.close();
  }
}

/**
 * Removes the oldest backups beyond `keep`. Returns the names removed. `justTaken` is never removed: if the clock was
 * set back, the newest backup can carry an older name than the ones before it.
 */
export function rotateBackups(dir: string, keep: number, justTaken?: string): string[] {
  const removed: string[] = [];
  const others = listBackups(dir).filter((b) => b.name !== justTaken);
  for (const b of others.slice(Math.max(1, keep) - (justTaken ? 1 : 0))) {
    rmSync(join(dir, b.name), { force: true });
    rmSync(handoutsFolderOf(join(dir, b.name)), { recursive: true, force: true });
    removed.push(b.name);
  }
  return removed;
}

/**
 * Takes a backup now: copy to a `.partial` file, check it, copy the handout PDFs it refers to (from `handoutsDir`)
 * into the folder beside it, rename both into place, the database last (a crash mid-copy never leaves a file that
 * looks like a finished backup), then rotate.
 */
export async function takeBackup(
  db: Db,
  dir: string,
  now: Date,
  keep: number,
  handoutsDir: string,
): Promise<BackupInfo & { removed: string[]; handoutsMissing: number }> {
  mkdirSync(dir, { recursive: true });
  // Left over from a copy interrupted by a crash or power cut, and handout folders whose database never arrived.
  for (const name of readdirSync(dir)) {
    const stale =
      (name.startsWith(PREFIX) && /\.partial(-wal|-shm|-journal)?$/.test(name)) ||
      (/^stride-\d{8}T\d{9}Z\.handouts$/.test(name) && !existsSync(join(dir, name.replace(/\.handouts$/, '.db'))));
    if (stale) rmSync(join(dir, name), { recursive: true, force: true });
  }
  let name = backupFileName(now);
  for (let bump = 1; existsSync(join(dir, name)); bump++) name = backupFileName(new Date(now.getTime() + bump));
  const final = join(dir, name);
  const partial = `${final}.partial`;
  const handoutsPartial = `${handoutsFolderOf(final)}.partial`;
  let handouts: { copied: number; missing: number };
  try {
    await db.backup(partial);
    // The copy carries the live file's WAL mode in its header: switch it to a plain journal so it opens read-only
    // (from write-protected media, or by checkDatabaseFile) without a -shm/-wal file beside it.
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    chmodSync(partial, 0o600);
    checkDatabaseFile(partial);
    handouts = copyHandoutsForBackup(partial, handoutsDir, handoutsPartial);
    renameSync(handoutsPartial, handoutsFolderOf(final));
    renameSync(partial, final);
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
    rmSync(handoutsPartial, { recursive: true, force: true });
    rmSync(handoutsFolderOf(final), { recursive: true, force: true });
    throw e instanceof BackupError ? e : new BackupError('The backup could not be written to the backup folder.');
  }
  const removed = rotateBackups(dir, keep, name);
  return {
    name,
    takenAt: parseBackupName(name)!.toISOString(),
    bytes: statSync(final).size,
    handouts: handouts.copied,
    handoutsMissing: handouts.missing,
    removed,
  };
}

/** `stride.db.before-restore-20261126T091500123Z`: where the replaced database is kept. */
export function asideName(dbFile: string, now: Date): string {
  return `${dbFile}.before-restore-${now.toISOString().replace(/[-:.]/g, '')}`;
}

/** What an administrator is shown before a restore: whose data it is and how much. */
export interface BackupDetails {
  /** Null for a backup made before Stride recorded a clinic id (schema 6 and older). */
  clinicId: string | null;
  clinicName: string;
  patients: number;
  sessions: number;
  activeAdmins: number;
  schemaVersion: number;
}

export interface PreparedRestore {
  file: string;
  fromVersion: number;
  details: BackupDetails;
}

/** Every table, column, index and trigger as SQLite records it (whitespace folded), by type and name. */
export function schemaSignature(db: Db): Map<string, string> {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as { type: string; name: string; sql: string | null }[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, (r.sql ?? '').replace(/\s+/g, ' ').trim()]));
}

let expected: Map<string, string> | null = null;
/** The schema this version of Stride builds from nothing, made once in memory. */
function expectedSchema(list: readonly Migration[]): Map<string, string> {
  if (list === migrations && expected) return expected;
  const fresh = new Database(':memory:');
  try {
    migrate(fresh, list);
    const sig = schemaSignature(fresh);
    if (list === migrations) expected = sig;
    return sig;
  } finally {
    fresh.close();
  }
}

/** The first few differences between a migrated backup's schema and the expected one, in words; empty when equal. */
export function schemaDifferences(actual: Map<string, string>, wanted: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [key, sql] of wanted) {
    if (!actual.has(key)) out.push(`it lacks the ${key}`);
    else if (actual.get(key) !== sql) out.push(`its ${key} is defined differently`);
  }
  for (const key of actual.keys()) if (!wanted.has(key)) out.push(`it has an unexpected ${key}`);
  return out;
}

const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;

/**
 * Step 1 of a restore, done while the current database keeps serving: check the backup, copy it next to the live
 * database, bring it up to the current schema, and check that what comes out is a Stride database someone can unlock.
 * Returns the path of the prepared file and what it holds; on any refusal the copy is removed.
 */
export function prepareRestore(
  backupFile: string,
  dbFile: string,
  list: readonly Migration[] = migrations,
): PreparedRestore {
  const checked = checkDatabaseFile(backupFile);
  const staged = `${dbFile}.restoring`;
  const clear = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(staged + suffix, { force: true });
  };
  clear();
  copyFileSync(backupFile, staged);
  chmodSync(staged, 0o600);
  const db = new Database(staged);
  try {
    db.pragma('journal_mode = DELETE');
    try {
      migrate(db, list);
    } catch {
      throw new BackupError('The backup could not be brought up to this version of Stride.');
    }
    if (db.pragma('integrity_check', { simple: true }) !== 'ok')
      throw new BackupError('The backup failed its check after migration.');
    const differences = schemaDifferences(schemaSignature(db), expectedSchema(list));
    if (differences.length > 0)
      throw new BackupError(
        `The backup is not a Stride database of the expected shape: ${differences.slice(0, 3).join('; ')}.`,
      );
    const activeAdmins = count(db, "SELECT count(*) AS n FROM clinicians WHERE role = 'admin' AND disabled = 0");
    if (activeAdmins === 0)
      throw new BackupError(
        'The backup has no active administrator, so nobody could unlock Stride after restoring it.',
      );
    const details: BackupDetails = {
      clinicId: checked.schemaVersion >= CLINIC_ID_SINCE ? clinicIdOf(db) : null,
      clinicName: readSettings(db).clinicName,
      patients: count(db, 'SELECT count(*) AS n FROM patients'),
      sessions: count(db, 'SELECT count(*) AS n FROM intake_sessions'),
      activeAdmins,
      schemaVersion: checked.schemaVersion,
    };
    db.close();
    return { file: staged, fromVersion: checked.schemaVersion, details };
  } catch (e) {
    if (db.open) db.close();
    clear();
    throw e instanceof BackupError ? e : new BackupError('The backup could not be checked.');
  }
}

/** The schema version that made the clinic id (migration 007); older backups do not say whose they are. */
export const CLINIC_ID_SINCE = 7;

export function clinicIdOf(db: Db): string | null {
  const row = db.prepare('SELECT clinic_id FROM clinic_identity').get() as { clinic_id: string } | undefined;
  return row?.clinic_id ?? null;
}

/** Gives a prepared copy this clinic's id (a backup from before ids existed, confirmed by the admin as ours). */
export function adoptClinicId(staged: string, clinicId: string): void {
  const db = new Database(staged);
  try {
    db.transaction(() => {
      db.prepare('DELETE FROM clinic_identity').run();
      db.prepare('INSERT INTO clinic_identity (only_row, clinic_id) VALUES (1, ?)').run(clinicId);
    })();
  } finally {
    db.close();
  }
}

/**
 * A device revoked since the backup was taken stays revoked in the restored copy (matched by its credential): a restore
 * must never let a lost or stolen tablet back in. Devices paired after the backup are unknown to it and pair again.
 * Returns how many devices the copy had still trusted.
 */
export function keepRevocations(staged: string, live: Db): number {
  const revoked = live
    .prepare('SELECT credential_hash, revoked_at, revoked_by FROM devices WHERE revoked_at IS NOT NULL')
    .all() as { credential_hash: string; revoked_at: string; revoked_by: number | null }[];
  if (revoked.length === 0) return 0;
  const db = new Database(staged);
  try {
    // revoked_by names a clinician of the live database; the copy may not have them yet.
    const revoke = db.prepare(
      `UPDATE devices SET revoked_at = ?, revoked_by = (SELECT id FROM clinicians WHERE id = ?)
       WHERE credential_hash = ? AND revoked_at IS NULL`,
    );
    return db.transaction(() =>
      revoked.reduce((n, d) => n + revoke.run(d.revoked_at, d.revoked_by, d.credential_hash).changes, 0),
    )();
  } finally {
    db.close();
  }
}

/** Writes one audit row into the prepared copy, so the restored database itself says who restored it. */
export function auditInto(staged: string, entry: AuditEntry, atIso: string): void {
  const db = new Database(staged);
  try {
    appendAudit(db, entry, atIso);
  } finally {
    db.close();
  }
}

/**
 * Step 2, with the live database already closed: keep it aside (with its WAL, if any survived), move the prepared copy
 * into its place. Returns where the old database was kept.
 */
export function swapInRestored(staged: string, dbFile: string, aside: string): string {
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, aside + suffix);
  }
  renameSync(staged, dbFile);
  return aside;
}

/** Undoes step 2: the restored file goes, the database kept aside (and its WAL) goes back where it was. */
export function putBackAside(aside: string, dbFile: string): void {
  if (!existsSync(aside)) return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(aside + suffix)) renameSync(aside + suffix, dbFile + suffix);
  }
}

export interface BackupAdminRow {
  id: number;
  name: string;
  pin_hash: string;
  pin_salt: string;
}

/** A backup's active administrators with their PIN hashes, read without writing to the file. */
export function readBackupAdmins(file: string): BackupAdminRow[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        "SELECT id, name, pin_hash, pin_salt FROM clinicians WHERE role = 'admin' AND disabled = 0 ORDER BY name",
      )
      .all() as BackupAdminRow[];
  } finally {
    db.close();
  }
}
