/** Finds the Electron binary without downloading it (requiring 'electron' from Node would try to fetch it). */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const electronDir = resolve(import.meta.dirname, '..', '..', '..', 'node_modules', 'electron');

export function findElectronBinary(env: Record<string, string | undefined> = process.env): string | null {
  const fromEnv = env['ELECTRON_EXEC_PATH'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const electronBinary = findElectronBinary();
export const electronBinaryAvailable = electronBinary !== null;
export const skipReason =
  'Electron launch tests skipped: the Electron binary is not installed ' +
  '(node_modules/electron/path.txt is missing and ELECTRON_EXEC_PATH is not set). ' +
  'On a machine with network access, `node -e "require(\'electron\')"` downloads it.';
