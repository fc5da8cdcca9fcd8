/**
 * Before the core opens the database: a missing or empty file where a clinic's data evidently was (backups, handout
 * PDFs, a database kept aside by a restore) is not a new clinic. First-run setup would hand the admin account to
 * whoever is at the screen, so Stride stops and offers recovery from the newest backup that passes its check.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { BackupError, checkDatabaseFile, listBackups, type BackupInfo } from '../store/backup';
import type { DatabaseUnusableError } from '../store/db';

export type RecoveryReason = 'missing' | 'empty' | DatabaseUnusableError['problem'];

export interface VerifiedBackup extends BackupInfo {
  dir: string;
  path: string;
}

export class RecoveryNeededError extends Error {
  constructor(
    readonly reason: RecoveryReason,
    readonly dbFile: string,
    readonly newest: VerifiedBackup | null,
    readonly detail?: string,
  ) {
    super(recoveryMessage(reason, dbFile, newest, detail));
    this.name = 'RecoveryNeededError';
  }
}

export function recoveryMessage(
  reason: RecoveryReason,
  dbFile: string,
  newest: VerifiedBackup | null,
  detail?: string,
): string {
  const what = {
    missing: `The clinic's database (${dbFile}) is missing, although the clinic's backups or handouts are here.`,
    empty: `The clinic's database (${dbFile}) is empty, although the clinic's backups or handouts are here.`,
    damaged: `The clinic's database (${dbFile}) is damaged${detail ? ` (${detail})` : ''}.`,
    unreadable: `The clinic's database (${dbFile}) cannot be read${detail ? ` (${detail})` : ''}.`,
    'read-only': `The clinic's database (${dbFile}) cannot be written to: the file or disk is read-only or full.`,
  }[reason];
  const next = newest
    ? `The newest backup that passes its check is ${newest.name} (taken ${newest.takenAt}) in ${newest.dir}; an ` +
      "administrator can restore it with their PIN from that backup's time."
    : 'No backup that passes its check was found; copy a backup into the backup folder, or ask for help.';
  return `${what} Stride has not started, so nothing is lost or overwritten. ${next}`;
}

/** Where the last backup was written, kept outside the database so it is known when the database is not. */
const LOCATION_FILE = 'backup-location.json';

export function rememberBackupDir(dataDir: string, dir: string): void {
  try {
    writeFileSync(join(dataDir, LOCATION_FILE), JSON.stringify({ dir }), { mode: 0o600 });
  } catch {
    // Only a hint for recovery: a backup that worked is not failed by this.
  }
}

export function backupDirs(dataDir: string): string[] {
  const dirs = [join(dataDir, 'backups')];
  try {
    const { dir } = JSON.parse(readFileSync(join(dataDir, LOCATION_FILE), 'utf8')) as { dir?: unknown };
    if (typeof dir === 'string' && isAbsolute(dir) && !dirs.includes(dir)) dirs.unshift(dir);
  } catch {
    // none recorded
  }
  return dirs;
}

/** The newest backup in any known folder that opens and passes integrity_check (at most `limit` are checked). */
export function newestVerifiedBackup(dataDir: string, limit = 5): VerifiedBackup | null {
  const all = backupDirs(dataDir)
    .flatMap((dir) => listBackups(dir).map((b) => ({ ...b, dir, path: join(dir, b.name) })))
    .sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1));
  for (const b of all.slice(0, limit)) {
    try {
      checkDatabaseFile(b.path);
      return b;
    } catch (e) {
      if (!(e instanceof BackupError)) throw e;
    }
  }
  return null;
}

/** Signs that a clinic has used this folder: backups, handout PDFs, or a database kept aside by a restore. */
function clinicWasHere(dataDir: string): boolean {
  const nonEmpty = (dir: string, test: (name: string) => boolean) => existsSync(dir) && readdirSync(dir).some(test);
  return (
    backupDirs(dataDir).some((dir) => listBackups(dir).length > 0) ||
    nonEmpty(join(dataDir, 'handouts'), (n) => n.endsWith('.pdf')) ||
    nonEmpty(dataDir, (n) => n.startsWith('stride.db.before-restore-'))
  );
}

/** Throws RecoveryNeededError when the database file is missing or empty but the clinic evidently was here. */
export function checkBeforeOpen(dataDir: string, dbFile: string): void {
  const size = existsSync(dbFile) ? statSync(dbFile).size : -1;
  if (size > 0 || !clinicWasHere(dataDir)) return;
  throw new RecoveryNeededError(size < 0 ? 'missing' : 'empty', dbFile, newestVerifiedBackup(dataDir));
}
