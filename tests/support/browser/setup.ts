/** Test-file hooks over the harness (kept apart so scripts and benches can use the harness without vitest). */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startShell, type RunningShell } from './harness';

/**
 * Per test file: a fresh web shell (its own temporary database) and one Chromium, handed to `use` once started and
 * both stopped after the file's last test.
 */
export function useShellAndBrowser(use: (shell: RunningShell, browser: Browser) => void): void {
  let shell: RunningShell | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    shell = await startShell();
    browser = await launchBrowser();
    use(shell, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
  });
}
