/**
 * Saving a download in the desktop app. Electron cancels every download and refuses `blob:` requests (security.ts), so
 * "Download PDF" and "Export record" go through the main process: a save dialog, then the main process writes the
 * file (0600: it holds patient data). Plain functions over what Electron provides, so they are tested without it.
 */
import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { SaveResult } from '../api/handlers/deps';

export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}

export interface SaveFileDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  /** Where the dialog opens (the user's Downloads folder). */
  defaultDir: string;
  write?: (path: string, bytes: Uint8Array) => Promise<void>;
}

const KINDS: Record<string, string> = { '.pdf': 'PDF document', '.json': 'JSON file' };

export async function saveWithDialog(deps: SaveFileDeps, fileName: string, bytes: Uint8Array): Promise<SaveResult> {
  const ext = extname(fileName).toLowerCase();
  const answer = await deps.showSaveDialog({
    title: 'Save a copy',
    defaultPath: join(deps.defaultDir, fileName),
    filters: [{ name: KINDS[ext] ?? 'File', extensions: [ext.slice(1) || '*'] }],
  });
  if (answer.canceled || !answer.filePath) return { saved: false };
  const write = deps.write ?? ((path, data) => writeFile(path, data, { mode: 0o600 }));
  await write(answer.filePath, bytes);
  return { saved: true, path: answer.filePath };
}
