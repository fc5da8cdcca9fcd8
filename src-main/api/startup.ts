/**
 * Before the core opens the database: a missing or empty file where a clinic's data evidently was (backups, handout
 * PDFs, a database kept aside by a restore) is not a new clinic. First-run setup would hand the admin account to
 * whoever is at the screen, so Stride stops and offers recovery from the newest backup that passes its check.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import {
  auditInto,
  BackupError,
  checkDatabaseFile,
  listBackups,
  prepareRestore,
  readBackupAdmins,
  type BackupInfo,
} from '../store/backup';
import { checkBackupHandouts, removeHandouts, restoreBackupHandouts } from '../store/backup-handouts';
import { verifyPin } from './pin';
import type { StorageProblem } from './contract';
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

export interface BackupAdmin {
  id: number;
  name: string;
}

/** The administrators as the backup has them: who may confirm restoring it (with their PIN from that time). */
export function backupAdmins(backupPath: string): BackupAdmin[] {
  return readBackupAdmins(backupPath).map(({ id, name }) => ({ id, name }));
}

export class RecoveryRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryRefusedError';
  }
}

/**
 * Puts a verified backup in place of a lost or damaged database, confirmed by an administrator's PIN as the backup
 * knows it. Whatever was there is kept aside (`stride.db.damaged-…`), never deleted; the restored database records
 * who recovered it. Run before any core is open on the folder.
 */
export function recoverFromBackup(o: {
  dataDir: string;
  backup: VerifiedBackup;
  reason: RecoveryReason;
  clinicianId: number;
  pin: string;
  now: Date;
}): { keptAside: string | null; handoutsRestored: number | null } {
  const admin = readBackupAdmins(o.backup.path).find((a) => a.id === o.clinicianId);
  if (!admin) throw new RecoveryRefusedError('Choose an administrator from the backup.');
  if (!verifyPin(o.pin, admin.pin_salt, admin.pin_hash))
    throw new RecoveryRefusedError('That PIN is not right for this administrator in the backup.');
  const dbFile = join(o.dataDir, 'stride.db');
  const prepared = prepareRestore(o.backup.path, dbFile);
  const handoutsDir = join(o.dataDir, 'handouts');
  let written: string[];
  let handouts;
  try {
    handouts = checkBackupHandouts(prepared.file, o.backup.path);
    written = restoreBackupHandouts(handouts, prepared.file, o.backup.path, handoutsDir);
  } catch (e) {
    rmSync(prepared.file, { force: true });
    throw e;
  }
  const stamp = o.now.toISOString().replace(/[-:.]/g, '');
  const aside = `${dbFile}.damaged-${stamp}`;
  let keptAside: string | null = null;
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(dbFile + suffix)) continue;
    renameSync(dbFile + suffix, aside + suffix);
    if (suffix === '') keptAside = basename(aside);
  }
  const handoutsRestored = handouts.included ? handouts.names.length : null;
  try {
    auditInto(
      prepared.file,
      {
        actorType: 'clinician',
        actorId: admin.id,
        action: 'records.recover',
        detail: { backup: o.backup.name, reason: o.reason, keptAside, handouts: handoutsRestored ?? 'not-in-backup' },
      },
      o.now.toISOString(),
    );
  } catch (e) {
    removeHandouts(written, handoutsDir);
    throw e;
  }
  renameSync(prepared.file, dbFile);
  return { keptAside, handoutsRestored };
}

/** Whether an error from a handler means the database can no longer be written, and how. */
export function storageProblem(e: unknown): StorageProblem | null {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_FULL')) return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (/^SQLITE_(IOERR|CANTOPEN|CORRUPT|NOTADB)/.test(code)) return 'io';
  return null;
}
