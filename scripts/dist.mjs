// `npm run dist [-- electron-builder options]`: builds Stride and packages its installers with electron-builder
// (electron-builder.yml). It needs the Electron binary and network access (Electron's zip, better-sqlite3 for
// Electron's ABI); without the binary it says so in one sentence and stops.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** The binary npm's electron package downloads on install, or ELECTRON_EXEC_PATH. */
export function electronBinary(env = process.env) {
  if (env.ELECTRON_EXEC_PATH) return existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : null;
  const electronDir = join(root, 'node_modules', 'electron');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!electronBinary()) {
    console.error(
      'Cannot package Stride: the Electron binary is not available (node_modules/electron/path.txt is missing and ' +
        'ELECTRON_EXEC_PATH is not set); on a machine with network access run `npm ci` first.',
    );
    process.exit(1);
  }
  run('npm', ['run', 'build']);
  run('npx', ['electron-builder', '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]);
}
