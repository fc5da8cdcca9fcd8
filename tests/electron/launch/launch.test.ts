/**
 * Launches the built app in real Electron and checks the lockdown from the outside. Needs the Electron binary and an
 * Electron-ABI better-sqlite3 (native/electron/better_sqlite3.node or STRIDE_SQLITE_BINDING); skips with a reason
 * otherwise. Run after `npm run build` with `npx vitest run -c tests/electron/launch/vitest.config.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary, electronBinaryAvailable, skipReason } from './binary';

if (!electronBinaryAvailable) console.warn(skipReason);

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** What the test reads of a page's global scope (the node tsconfig has no DOM types). */
interface PageGlobal {
  stride: { call(method: string, payload: unknown): Promise<unknown>; onEvent?: unknown };
  location: { href: string };
  open(url: string): unknown;
}
// Functions passed to evaluate() run in the page, so they name globalThis directly (only the cast is erased).

describe.skipIf(!electronBinaryAvailable)('Electron shell (real binary)', () => {
  let app: ElectronApplication;
  let kiosk: Page;
  let clinician: Page;
  let userData: string;

  async function pageAt(suffix: string): Promise<Page> {
    for (let i = 0; i < 100; i++) {
      const found = app.windows().find((w) => w.url().endsWith(suffix));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`No window showing ${suffix}`);
  }

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'stride-electron-'));
    app = await _electron.launch({
      executablePath: electronBinary ?? undefined,
      args: [repoRoot, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, STRIDE_USER_DATA_DIR: userData } as Record<string, string>,
    });
    kiosk = await pageAt('/kiosk.html');
    clinician = await pageAt('/clinician.html');
  });

  afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('serves both pages from app://, not file://', () => {
    expect(kiosk.url()).toBe('app://stride/kiosk.html');
    expect(clinician.url()).toBe('app://stride/clinician.html');
  });

  it('gives pages no Node and only the bridge of their role', async () => {
    expect(
      await kiosk.evaluate(() => [
        typeof (globalThis as { require?: unknown }).require,
        typeof (globalThis as { process?: unknown }).process,
      ]),
    ).toEqual(['undefined', 'undefined']);
    expect(await kiosk.evaluate(() => Object.keys((globalThis as unknown as PageGlobal).stride))).toEqual(['call']);
    expect(await clinician.evaluate(() => Object.keys((globalThis as unknown as PageGlobal).stride).sort())).toEqual([
      'call',
      'onEvent',
    ]);
  });

  it('refuses clinician methods from the kiosk window', async () => {
    const result = await kiosk.evaluate(() => (globalThis as unknown as PageGlobal).stride.call('queue.list', {}));
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('serves pages with the strict CSP', async () => {
    const header = await kiosk.evaluate(async () =>
      (await fetch('/kiosk.html')).headers.get('content-security-policy'),
    );
    expect(header).toMatch(/^default-src 'none'/);
  });

  it('refuses navigation away and new windows', async () => {
    await kiosk.evaluate(() => {
      (globalThis as unknown as PageGlobal).location.href = 'https://example.com/';
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(kiosk.url()).toBe('app://stride/kiosk.html');
    expect(
      await kiosk.evaluate(() => (globalThis as unknown as PageGlobal).open('https://example.com/') === null),
    ).toBe(true);
    expect(app.windows()).toHaveLength(2);
  });

  it('refuses path traversal through app://', async () => {
    const status = await kiosk.evaluate(async () => (await fetch('/%2e%2e/%2e%2e/package.json')).status);
    expect(status).toBe(404);
  });

  it('reloads a crashed kiosk renderer to the welcome screen', async () => {
    await app.evaluate(({ webContents }) => {
      const kioskContents = webContents.getAllWebContents().find((w) => w.getURL().endsWith('/kiosk.html'));
      kioskContents?.forcefullyCrashRenderer();
    });
    const reloaded = await pageAt('/kiosk.html');
    await reloaded.waitForLoadState('domcontentloaded');
    expect(reloaded.url()).toBe('app://stride/kiosk.html');
  });
});

describe('Electron binary check', () => {
  it('states why the launch tests ran or were skipped', () => {
    expect(electronBinaryAvailable ? electronBinary : skipReason).toBeTruthy();
  });
});
