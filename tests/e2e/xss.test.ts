/**
 * Patient-entered text is shown as text, never parsed as HTML: markup typed as a name and as free-text notes reaches
 * the clinician queue and session detail as visible characters, creates no element, and runs nothing. The CSP would
 * also block inline script, so the test checks the DOM itself (no <img src=x>, no <script> from the payload) rather
 * than relying on `window.__pwned` alone.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { clinicianContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { routineIntake } from '../support/clinician';
import { setUpFirstAdmin } from '../support/browser/staff-setup';

const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=1</script>';

let shell: RunningShell;
let browser: Browser;

useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

async function submit(fullName: string, notes: string): Promise<void> {
  const res = await fetch(`${shell.info.origin}/api/call/intake.submit`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${shell.info.tokens.kiosk}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ...routineIntake,
      patient: { ...routineIntake.patient, fullName },
      answers: { ...routineIntake.answers, notes },
    }),
  });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

/** What the payload could have created or run, read from inside the page. */
async function injected(page: Page) {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    imgX: document.querySelectorAll('img[src="x"], img[onerror]').length,
    payloadScripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__pwned')).length,
    violations: (window as unknown as { __cspViolations?: number }).__cspViolations ?? 0,
    details: (window as unknown as { __cspDetails?: string[] }).__cspDetails ?? [],
  }));
}

describe('patient text is displayed as text', () => {
  it('markup in the name and the notes shows as characters in the queue and the session detail', async () => {
    await submit(IMG, SCRIPT);
    await submit(SCRIPT, IMG);

    const context = await clinicianContext(browser);
    // Count CSP violations from the first script on: an inline handler that got as far as the CSP would show here.
    await context.addInitScript(() => {
      const w = window as unknown as { __cspViolations: number; __cspDetails: string[] };
      w.__cspViolations = 0;
      w.__cspDetails = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__cspViolations++;
        w.__cspDetails.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
      });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(shell.info.clinicianUrl);
    await setUpFirstAdmin(page, 'Dr Amara Okafor');
    await page.getByRole('button', { name: 'Lock' }).waitFor();

    // The queue lists both names, spelled out.
    for (const name of [IMG, SCRIPT]) await expect.poll(() => page.getByRole('row', { name }).count()).toBe(1);
    await page.screenshot({ path: '/tmp/stride-xss-queue.png' });
    expect(await injected(page)).toEqual({ pwned: undefined, imgX: 0, payloadScripts: 0, violations: 0, details: [] });

    for (const [name, notes] of [
      [IMG, SCRIPT],
      [SCRIPT, IMG],
    ] as const) {
      await page.getByRole('row', { name }).getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.getByRole('heading', { name, exact: true }).count()).toBe(1);
      // The notes answer appears as the very characters the patient typed.
      await expect.poll(() => page.getByText(notes, { exact: true }).count()).toBeGreaterThan(0);
      await page.screenshot({ path: `/tmp/stride-xss-session-${name === IMG ? 'img' : 'script'}.png`, fullPage: true });
      expect(await injected(page)).toEqual({
        pwned: undefined,
        imgX: 0,
        payloadScripts: 0,
        violations: 0,
        details: [],
      });
      await page.getByRole('button', { name: /Queue/ }).first().click();
      await page.getByRole('row', { name: SCRIPT }).waitFor();
    }
    expect(errors).toEqual([]);
  });
});
