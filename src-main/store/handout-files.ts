/**
 * Handout PDFs in the handouts folder beside the database: written whole (temporary file, flush, rename) under a name
 * without the patient's, read back only while they are still the file that was recorded (by its SHA-256).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface SavedHandoutFile {
  fileName: string;
  sha256: string;
  bytes: number;
}

export type HandoutFileRead = { ok: true; bytes: Buffer } | { ok: false; problem: 'missing' | 'changed' };

export interface HandoutFiles {
  /** Writes a session's PDF made at `at`; the folder is created on the first one. */
  save(sessionId: number, at: Date, pdf: Uint8Array): SavedHandoutFile;
  /** The file's bytes when it is there and still has the recorded hash. */
  read(fileName: string, sha256: string): HandoutFileRead;
  /** Where the file is, for the system's PDF viewer. */
  pathOf(fileName: string): string;
  /** Removes the file if it is there. */
  remove(fileName: string): void;
}

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
  const dir = join(dataDir, 'handouts');
  // Names come from the database: never let one reach outside the folder.
  const pathOf = (fileName: string) => join(dir, basename(fileName));
  return {
    save(sessionId, at, pdf) {
      const fileName = handoutFileName(sessionId, at);
      mkdirSync(dir, { recursive: true });
      const path = pathOf(fileName);
      const tmp = `${path}.part`;
      writeFileSync(tmp, pdf, { flush: true });
      renameSync(tmp, path);
      return { fileName, sha256: sha256Hex(pdf), bytes: pdf.length };
    },
    read(fileName, sha256) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(pathOf(fileName));
      } catch {
        return { ok: false, problem: 'missing' };
      }
      return sha256Hex(bytes) === sha256 ? { ok: true, bytes } : { ok: false, problem: 'changed' };
    },
    pathOf,
    remove(fileName) {
      rmSync(pathOf(fileName), { force: true });
    },
  };
}
