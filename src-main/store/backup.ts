/**
 * Backups: an online copy of the live database (better-sqlite3 `backup()`, which copies in small steps between
 * event-loop turns, so intakes keep being written meanwhile), checked and then renamed into place, and rotated.
 * Restore: a chosen backup is checked (integrity, schema version), copied, migrated if older, and only then swapped in,
 * with the current database kept aside under a timestamped name.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { localDate } from '../core/clock';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations/index';
import { migrate, type Db } from './db';

const PREFIX = 'stride-';
/** stride-20261126T091500123Z.db: UTC, sortable, no colons (USB sticks are often FAT32). */
export const BACKUP_NAME = /^stride-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.db$/;

export interface BackupInfo {
  name: string;
  takenAt: string;
  bytes: number;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

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
    out.push({ name, takenAt: at.toISOString(), bytes: statSync(join(dir, name)).size });
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
    removed.push(b.name);
  }
  return removed;
}

/**
 * Takes a backup now: copy to a `.partial` file, check it, rename into place (a crash mid-copy never leaves a file that
 * looks like a finished backup), then rotate.
 */
export async function takeBackup(
  db: Db,
  dir: string,
  now: Date,
  keep: number,
): Promise<BackupInfo & { removed: string[] }> {
  mkdirSync(dir, { recursive: true });
  // Left over from a copy interrupted by a crash or power cut.
  for (const name of readdirSync(dir))
    if (name.startsWith(PREFIX) && name.endsWith('.partial')) rmSync(join(dir, name), { force: true });
  let name = backupFileName(now);
  for (let bump = 1; existsSync(join(dir, name)); bump++) name = backupFileName(new Date(now.getTime() + bump));
  const final = join(dir, name);
  const partial = `${final}.partial`;
  try {
    await db.backup(partial);
    checkDatabaseFile(partial);
    renameSync(partial, final);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e instanceof BackupError ? e : new BackupError('The backup could not be written to the backup folder.');
  }
  const removed = rotateBackups(dir, keep, name);
  return { name, takenAt: parseBackupName(name)!.toISOString(), bytes: statSync(final).size, removed };
}

/** `stride.db.before-restore-20261126T091500123Z`: where the replaced database is kept. */
export function asideName(dbFile: string, now: Date): string {
  return `${dbFile}.before-restore-${now.toISOString().replace(/[-:.]/g, '')}`;
}

/**
 * Step 1 of a restore, done while the current database keeps serving: check the backup, copy it next to the live
 * database and bring it up to the current schema. Returns the path of the prepared file.
 */
export function prepareRestore(
  backupFile: string,
  dbFile: string,
  list: readonly Migration[] = migrations,
): { file: string; fromVersion: number } {
  const checked = checkDatabaseFile(backupFile);
  const staged = `${dbFile}.restoring`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(staged + suffix, { force: true });
  copyFileSync(backupFile, staged);
  const db = new Database(staged);
  try {
    db.pragma('journal_mode = DELETE');
    migrate(db, list);
    if (db.pragma('integrity_check', { simple: true }) !== 'ok')
      throw new BackupError('The backup failed its check after migration.');
  } catch (e) {
    db.close();
    rmSync(staged, { force: true });
    throw e instanceof BackupError
      ? e
      : new BackupError('The backup could not be brought up to this version of Stride.');
  }
  db.close();
  return { file: staged, fromVersion: checked.schemaVersion };
}

/**
 * Step 2, with the live database already closed: keep it aside (with its WAL, if any survived), move the prepared copy
 * into its place. Returns where the old database was kept.
 */
export function swapInRestored(staged: string, dbFile: string, now: Date): string {
  const aside = asideName(dbFile, now);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, aside + suffix);
  }
  renameSync(staged, dbFile);
  return aside;
}
