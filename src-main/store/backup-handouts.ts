/**
 * The handout PDFs that go with a backup: `stride-….db` and, beside it, the folder `stride-….handouts/` holding every
 * PDF that database copy refers to. A folder rather than an archive so a clinic can see what is in it and copy it with
 * any file manager, and because each file is already checked on its own: the database records each PDF's SHA-256, and
 * a file is copied (either way) only when it still has that hash. Names come from the database and are used only
 * through handout-files.ts (strict pattern, realpath inside the folder), so a crafted backup cannot reach outside.
 */
import Database from 'better-sqlite3';
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HANDOUT_FILE_NAME, handoutFilesIn } from './handout-files';
import { BackupError } from './backup-error';

/** `stride-20261126T091500123Z.db` → `stride-20261126T091500123Z.handouts`. */
export const handoutsFolderOf = (backupFile: string): string => backupFile.replace(/\.db$/, '.handouts');

interface HandoutRef {
  file_name: string;
  file_sha256: string;
}

function handoutRefs(dbFile: string): HandoutRef[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT file_name, file_sha256 FROM handouts ORDER BY id').all() as HandoutRef[];
  } finally {
    db.close();
  }
}

export interface HandoutsCopied {
  /** PDFs copied with the backup. */
  copied: number;
  /** Referred to by the database but missing or changed in the handouts folder, so not copied. */
  missing: number;
}

/** Copies the PDFs a database copy refers to from the live handouts folder into `to` (made even if there are none). */
export function copyHandoutsForBackup(dbCopy: string, liveDir: string, to: string): HandoutsCopied {
  const live = handoutFilesIn(liveDir);
  const out = handoutFilesIn(to);
  rmSync(to, { recursive: true, force: true });
  // An empty folder still says "this backup was made with its handouts" (older backups have none).
  mkdirSync(to, { recursive: true, mode: 0o700 });
  let copied = 0;
  let missing = 0;
  for (const ref of handoutRefs(dbCopy)) {
    const read = live.read(ref.file_name, ref.file_sha256);
    if (!read.ok) {
      missing++;
      continue;
    }
    out.place(ref.file_name, read.bytes);
    copied++;
  }
  return { copied, missing };
}

/** How many handout PDFs a backup's folder holds; null for a backup made before backups held them. */
export function handoutsInBackup(backupFile: string): number | null {
  const dir = handoutsFolderOf(backupFile);
  if (!existsSync(dir)) return null;
  return readdirSync(dir).filter((n) => HANDOUT_FILE_NAME.test(n)).length;
}

/** Whether anything (a file, a folder, a link, even a broken one) has this name. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export interface HandoutsToRestore {
  /** False for a backup made before backups held handouts: its PDFs are not restored (and the reply says so). */
  included: boolean;
  /** Verified files in the backup's folder, by name. */
  names: string[];
  /** Referred to by the backup's database but not in its folder (they were already missing when it was taken). */
  absent: number;
}

/**
 * Checks the handouts of a backup against its (prepared) database before anything is put live: every name the
 * database holds must be a strict handout file name, and every file present must have the recorded hash. A crafted
 * backup is refused whole, not restored in part.
 */
export function checkBackupHandouts(preparedDb: string, backupFile: string): HandoutsToRestore {
  const refs = handoutRefs(preparedDb);
  const bad = refs.find((r) => !HANDOUT_FILE_NAME.test(r.file_name));
  if (bad)
    throw new BackupError(
      'The backup refers to a handout file under a name Stride never makes, so it was not restored.',
    );
  const dir = handoutsFolderOf(backupFile);
  if (!existsSync(dir)) return { included: false, names: [], absent: 0 };
  const files = handoutFilesIn(dir);
  const names: string[] = [];
  let absent = 0;
  for (const ref of refs) {
    const read = files.read(ref.file_name, ref.file_sha256);
    if (read.ok) names.push(ref.file_name);
    else if (read.problem === 'changed')
      throw new BackupError(
        `The handout ${ref.file_name} in the backup is not the file its database recorded, so the backup was not ` +
          'restored.',
      );
    else if (present(join(dir, ref.file_name)))
      throw new BackupError(`The handout ${ref.file_name} in the backup is not a plain file in its folder.`);
    else absent++;
  }
  return { included: true, names, absent };
}

/**
 * Copies checked handouts from the backup's folder into the live one, each read again and checked against its hash
 * on the way. Files already there with the right content are left as they are. Returns the names it wrote, so a
 * restore that fails later can take them away again.
 */
export function restoreBackupHandouts(
  plan: HandoutsToRestore,
  preparedDb: string,
  backupFile: string,
  liveDir: string,
): string[] {
  const hashes = new Map(handoutRefs(preparedDb).map((r) => [r.file_name, r.file_sha256]));
  const from = handoutFilesIn(handoutsFolderOf(backupFile));
  const live = handoutFilesIn(liveDir);
  const written: string[] = [];
  try {
    for (const name of plan.names) {
      const sha = hashes.get(name)!;
      if (live.read(name, sha).ok) continue;
      const read = from.read(name, sha);
      if (!read.ok) throw new BackupError(`The handout ${name} in the backup changed while it was being restored.`);
      live.place(name, read.bytes);
      written.push(name);
    }
  } catch (e) {
    removeHandouts(written, liveDir);
    throw e instanceof BackupError ? e : new BackupError('The handouts could not be copied back; nothing was changed.');
  }
  return written;
}

export function removeHandouts(names: readonly string[], liveDir: string): void {
  const live = handoutFilesIn(liveDir);
  for (const name of names) live.remove(name);
}
