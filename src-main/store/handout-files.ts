/**
 * Handout PDFs in the handouts folder beside the database: written whole (temporary file, flush, rename) under a name
 * without the patient's, read back only while they are still the file that was recorded (by its SHA-256).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export interface SavedHandoutFile {
  fileName: string;
  sha256: string;
  bytes: number;
}

export type HandoutFileRead = { ok: true; bytes: Buffer } | { ok: false; problem: 'missing' | 'changed' };

/** Exactly the names `handoutFileName` makes: nothing else stored in a database is ever used as a path. */
export const HANDOUT_FILE_NAME = /^handout-s\d{1,12}-\d{8}T\d{6}Z-[0-9a-f]{6}\.pdf$/;

export interface HandoutFiles {
  /** Writes a session's PDF made at `at`; the folder is created on the first one. */
  save(sessionId: number, at: Date, pdf: Uint8Array): SavedHandoutFile;
  /** The file's bytes when it is there and still has the recorded hash. */
  read(fileName: string, sha256: string): HandoutFileRead;
  /** Where the file is, for the system's PDF viewer; null unless it is a handout file really inside the folder. */
  pathOf(fileName: string): string | null;
  /** Removes the file if it is there. */
  remove(fileName: string): void;
  /** Writes bytes under an exact handout file name (a backup's copy going back); refuses any other name. */
  place(fileName: string, bytes: Uint8Array): void;
  /**
   * A copy for this computer's PDF viewer of a PDF kept in the database (PostgreSQL), in the folder's `print/`
   * subfolder; copies older than PRINT_COPY_MS go when the next is made, and `remove` takes a purged handout's too.
   */
  printCopy(fileName: string, bytes: Uint8Array): string;
}

/** Long enough for the viewer to have opened the copy (and printed it), short enough not to keep a patient's PDF. */
export const PRINT_COPY_MS = 60 * 60_000;

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** No patient name in the file name: the folder may be browsed by anyone at the clinic's computer. */
export function handoutFileName(sessionId: number, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `handout-s${sessionId}-${stamp}-${randomBytes(3).toString('hex')}.pdf`;
}

export function handoutFiles(dataDir: string): HandoutFiles {
  return handoutFilesIn(join(dataDir, 'handouts'));
}

/** The same rules for any folder of handout files: the live one, or the copy that goes with a backup. */
export function handoutFilesIn(dir: string): HandoutFiles {
  const printDir = join(dir, 'print');
  const write = (fileName: string, bytes: Uint8Array, into = dir) => {
    mkdirSync(into, { recursive: true, mode: 0o700 });
    const path = join(into, fileName);
    const tmp = `${path}.part`;
    // Handouts carry the patient's name: readable by the clinic's account only. 'wx': never through a link left there.
    rmSync(tmp, { force: true });
    writeFileSync(tmp, bytes, { flush: true, mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
    return path;
  };
  /**
   * Names come from the database, and a restored backup can carry any text there: only a strict handout file name is
   * used, and only when the real path (symbolic links followed) is a file directly inside the real handouts folder.
   */
  const pathOf = (fileName: string): string | null => {
    if (!HANDOUT_FILE_NAME.test(fileName)) return null;
    try {
      const real = realpathSync(join(dir, fileName));
      return dirname(real) === realpathSync(dir) ? real : null;
    } catch {
      return null;
    }
  };
  return {
    save(sessionId, at, pdf) {
      const fileName = handoutFileName(sessionId, at);
      write(fileName, pdf);
      return { fileName, sha256: sha256Hex(pdf), bytes: pdf.length };
    },
    read(fileName, sha256) {
      const path = pathOf(fileName);
      if (!path) return { ok: false, problem: 'missing' };
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        return { ok: false, problem: 'missing' };
      }
      return sha256Hex(bytes) === sha256 ? { ok: true, bytes } : { ok: false, problem: 'changed' };
    },
    pathOf,
    remove(fileName) {
      const path = pathOf(fileName);
      if (path) rmSync(path, { force: true });
      if (HANDOUT_FILE_NAME.test(fileName)) rmSync(join(printDir, fileName), { force: true });
    },
    place(fileName, bytes) {
      if (!HANDOUT_FILE_NAME.test(fileName)) throw new Error('not a handout file name');
      write(fileName, bytes);
    },
    printCopy(fileName, bytes) {
      if (!HANDOUT_FILE_NAME.test(fileName)) throw new Error('not a handout file name');
      const now = Date.now();
      let earlier: string[] = [];
      try {
        earlier = readdirSync(printDir);
      } catch {
        // no copies yet
      }
      for (const name of earlier) {
        const path = join(printDir, name);
        try {
          if (now - statSync(path).mtimeMs > PRINT_COPY_MS) rmSync(path, { force: true });
        } catch {
          // gone meanwhile
        }
      }
      return write(fileName, bytes, printDir);
    },
  };
}
