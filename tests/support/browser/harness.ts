/**
 * Starts the real web shell in a child process with a fresh temporary database, and Debian Chromium through
 * playwright-core. Everything started here is stopped by pid in teardown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

export interface ShellInfo {
  pid: number;
  origin: string;
  kioskUrl: string;
  clinicianUrl: string;
  tokens: { kiosk: string; staff: string };
  dataDir: string;
}

export interface RunningShell {
  info: ShellInfo;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startShell(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<RunningShell> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stride-e2e-'));
  const ownsDir = !options.dataDir;
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['src-main/web/cli.ts', '--json', '--port', '0', '--data-dir', dataDir],
    {
      cwd: repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const info = await new Promise<ShellInfo>((resolveInfo, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`web shell did not start: ${stderr}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveInfo(JSON.parse(line) as ShellInfo);
    });
    child.once('exit', (code) => reject(new Error(`web shell exited with ${code}: ${stderr}`)));
  });
  return {
    info,
    child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(info.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) process.kill(info.pid, 'SIGKILL');
      }
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Chromium that trusts a hub's server key, the way a tablet trusts the installed CA (there is no system store to write
 * to here).
 */
export function launchBrowserTrustingHub(certPem: string): Promise<Browser> {
  const spki = createHash('sha256')
    .update(createPublicKey(certPem).export({ type: 'spki', format: 'der' }))
    .digest('base64');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki}`],
  });
}

/** A touchscreen kiosk: taps, no hover, portrait-ish size of a waiting-room tablet. */
export async function kioskContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    hasTouch: true,
    isMobile: false,
    viewport: { width: 1080, height: 1350 },
    locale: 'en-GB',
  });
  context.setDefaultTimeout(10_000);
  return context;
}

export async function clinicianContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Collects what a user would never see but a broken page shows: console errors, CSP violations, uncaught errors. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}
