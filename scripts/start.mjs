// `npm start`: build, make sure Electron's binary is there (a normal machine downloads it on first start), launch
// Stride in Electron. Where the binary cannot be found or fetched, say so in one sentence and start the web shell,
// opening Debian chromium in app mode for the kiosk and the clinician when a display is available.
//
// Environment: ELECTRON_EXEC_PATH (use this Electron binary), STRIDE_ELECTRON_FETCH_TIMEOUT_MS (default 300000),
// STRIDE_START_SKIP_BUILD=1 (reuse out/), STRIDE_NO_BROWSER=1 (print the URLs only), STRIDE_DATA_DIR (web shell data).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  chromiumArgs,
  displayAvailable,
  ELECTRON_FALLBACK_SENTENCE,
  ELECTRON_PROBE_CODE,
  electronArgs,
  electronFetchTimeoutMs,
  parseElectronProbe,
  parseShellReady,
} from './start-lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const isRoot = process.getuid?.() === 0;
const CHROMIUM = '/usr/bin/chromium';

function build() {
  if (process.env.STRIDE_START_SKIP_BUILD === '1') return;
  const result = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed (see above), so Stride was not started.');
    process.exit(result.status ?? 1);
  }
}

/** Resolves to the Electron binary path, or null when it is absent and cannot be fetched. */
function findElectron() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return Promise.resolve(existsSync(override) ? override : null);
  return new Promise((done) => {
    // require('electron') returns the binary's path, downloading it first when it is missing.
    const probe = spawn(process.execPath, ['-e', ELECTRON_PROBE_CODE], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    probe.stdout.on('data', (d) => (out += d));
    probe.stderr.resume();
    const slow = setTimeout(() => console.log("Fetching Electron's binary (first start only)…"), 3000);
    const timer = setTimeout(() => probe.kill('SIGKILL'), electronFetchTimeoutMs(process.env));
    probe.on('error', () => done(null));
    probe.on('close', (code) => {
      clearTimeout(slow);
      clearTimeout(timer);
      const path = parseElectronProbe(out);
      done(code === 0 && path && existsSync(path) ? path : null);
    });
  });
}

function runElectron(electronPath) {
  const child = spawn(electronPath, electronArgs({ appDir: root, isRoot, args: process.argv.slice(2) }), {
    cwd: root,
    stdio: 'inherit',
  });
  const forward = (signal) => () => child.pid && process.kill(child.pid, signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('close', (code) => process.exit(code ?? 0));
}

function runWebShell() {
  const children = new Set();
  const tempDirs = [];
  let stopping = false;

  const shell = spawn(bin('tsx'), ['src-main/web/cli.ts', '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(shell);

  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
    }
    const finish = () => {
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    };
    if (shell.exitCode !== null) finish();
    else {
      shell.once('close', finish);
      setTimeout(finish, 5000).unref();
    }
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  shell.on('close', (code) => {
    if (!stopping) {
      console.error('The web shell stopped.');
      stop(code ?? 1);
    }
  });

  createInterface({ input: shell.stdout }).on('line', (line) => {
    const ready = parseShellReady(line);
    if (!ready) {
      console.log(line);
      return;
    }
    console.log(`Stride web shell is running${ready.dataDir ? ` (data in ${ready.dataDir})` : ''}.`);
    console.log(`  Kiosk:     ${ready.kioskUrl}`);
    console.log(`  Clinician: ${ready.clinicianUrl}`);
    if (process.env.STRIDE_NO_BROWSER === '1' || !existsSync(CHROMIUM) || !displayAvailable(process.env)) {
      console.log('Open these addresses in Chromium or Chrome. Press Ctrl+C to stop.');
      return;
    }
    // Single-use launch addresses: the tokens never appear in a process list.
    for (const url of [ready.kioskLaunchUrl, ready.clinicianLaunchUrl]) {
      const userDataDir = mkdtempSync(join(tmpdir(), 'stride-chromium-'));
      tempDirs.push(userDataDir);
      const browser = spawn(CHROMIUM, chromiumArgs({ url, userDataDir, isRoot }), { stdio: 'ignore' });
      children.add(browser);
      browser.on('close', () => children.delete(browser));
    }
    console.log('Opened the kiosk and clinician in Chromium app windows. Press Ctrl+C to stop.');
  });
}

build();
const electronPath = await findElectron();
if (electronPath) {
  runElectron(electronPath);
} else {
  console.log(ELECTRON_FALLBACK_SENTENCE);
  runWebShell();
}
