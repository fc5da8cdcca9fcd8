/**
 * better-sqlite3 compiled by `npm install` targets Node's ABI; Electron needs a copy built for Electron's ABI.
 * That copy is looked for in STRIDE_SQLITE_BINDING, then in native/electron/better_sqlite3.node beside the app.
 */
import { dirname, join } from 'node:path';
import { RecoveryNeededError } from '../api/startup';

export const NATIVE_BINDING_ENV = 'STRIDE_SQLITE_BINDING';
export const NATIVE_BINDING_RELATIVE = join('native', 'electron', 'better_sqlite3.node');

/**
 * Where to look, in order. A packaged app's .node files live in app.asar.unpacked (native code cannot load from asar).
 */
export function nativeBindingCandidates(
  appPath: string,
  env: Record<string, string | undefined>,
  isPackaged = false,
): string[] {
  const candidates: string[] = [];
  // A packaged app loads only the engine it was built with (see packaged-env.ts).
  const fromEnv = isPackaged ? undefined : env[NATIVE_BINDING_ENV];
  if (fromEnv) candidates.push(fromEnv);
  candidates.push(join(appPath.replace(/app\.asar$/, 'app.asar.unpacked'), NATIVE_BINDING_RELATIVE));
  return candidates;
}

export function findNativeBinding(
  candidates: readonly string[],
  exists: (path: string) => boolean,
): string | undefined {
  return candidates.find((p) => exists(p));
}

/** The text of the error dialog when the database cannot be opened: says what is wrong and how to fix it. */
export function databaseOpenErrorMessage(
  error: unknown,
  candidates: readonly string[],
  found: string | undefined,
): string {
  const detail = error instanceof Error ? error.message : String(error);
  // A lost or damaged database (api/startup.ts): not an engine problem. Say what is wrong and how to recover.
  if (error instanceof RecoveryNeededError)
    return [
      detail,
      '',
      "To restore the backup, start Stride's recovery screen on this computer: `npm run serve -- --data-dir " +
        `"${dirname(error.dbFile)}"\` and open the Recovery address it prints. An administrator confirms with ` +
        'their PIN.',
    ].join('\n');
  const abiMismatch =
    /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application/i.test(
      detail,
    );
  const lines: string[] = [];
  if (abiMismatch || !found) {
    lines.push(
      'Stride could not load its database engine (better-sqlite3) for Electron. The copy installed by npm is built ' +
        "for Node.js, and Electron needs one built for Electron's own ABI.",
      '',
      'Fix: on a machine with network access run `npx @electron/rebuild -f -o better-sqlite3` (or `npx ' +
        'electron-builder install-app-deps`), ' +
        `then copy node_modules/better-sqlite3/build/Release/better_sqlite3.node to ${NATIVE_BINDING_RELATIVE}, ` +
        `or point ${NATIVE_BINDING_ENV} at such a file.`,
      '',
      found ? `Tried: ${found}` : `Looked for: ${candidates.join(', ')}`,
    );
  } else {
    lines.push('Stride could not open its database.', '', `Engine file: ${found}`);
  }
  lines.push('', `Error: ${detail}`);
  return lines.join('\n');
}
