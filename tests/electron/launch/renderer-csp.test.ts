/**
 * Loads the built renderer in Debian chromium with the Electron shell's CSP (security.ts) in place of the web shell's,
 * and fails on any CSP violation: proves the strict policy is enough for what the pages really do.
 * Needs out/renderer (npm run build) and /usr/bin/chromium; skips with a reason otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src-main/electron/security';

const root = resolve(import.meta.dirname, '..', '..', '..');
const ready = existsSync(join(root, 'out', 'renderer', 'kiosk.html')) && existsSync('/usr/bin/chromium');
if (!ready) console.warn('Renderer CSP check skipped: needs a built renderer (npm run build) and /usr/bin/chromium.');

describe.skipIf(!ready)("built renderer under the Electron shell's CSP", () => {
  let shell: ChildProcess;
  let browser: Browser;
  let dataDir: string;
  let urls: { kioskUrl: string; clinicianUrl: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stride-csp-'));
    shell = spawn(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['src-main/web/cli.ts', '--json', '--port', '0', '--data-dir', dataDir],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    urls = await new Promise((done, fail) => {
      shell.once('exit', () => fail(new Error('web shell exited')));
      createInterface({ input: shell.stdout! }).on('line', (line) => {
        if (line.startsWith('{')) done(JSON.parse(line) as typeof urls);
      });
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (shell?.pid) process.kill(shell.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openWithStrictCsp(url: string): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    // CSP applies per document, so only the HTML responses need the header swapped (and streams stay untouched).
    await page.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      headers['content-security-policy'] = contentSecurityPolicy();
      await route.fulfill({ response, headers });
    });
    await page.goto(url);
    // The clinician page holds an event stream open, so wait for the UI rather than for network idle.
    await page.locator('button').first().waitFor();
    return { page, violations };
  }

  it.each(['kioskUrl', 'clinicianUrl'] as const)('%s renders with no CSP violation', async (which) => {
    const { page, violations } = await openWithStrictCsp(urls[which]);
    expect(await page.locator('button').count()).toBeGreaterThan(0);
    // Walk one step into the page: the first button is the primary action on both start screens.
    await page.locator('button').first().click();
    await page.waitForTimeout(500);
    expect(violations.filter((v) => !/unsafe-eval/.test(v))).toEqual([]);
    await page.close();
  });
});
