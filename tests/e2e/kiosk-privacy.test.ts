/**
 * Walking away from the kiosk: "Are you still there?", then a wipe that leaves nothing of the patient behind —
 * not on screen, not in the DOM, not by going back, not in the page's JavaScript heap.
 * The idle time is shortened through the clinic settings (settings table, key 'app'), which the kiosk reads
 * through `kiosk.settings` when the page loads: 15 s idle (the settings' minimum) and a 5 s countdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, startShell, type RunningShell } from '../support/browser/harness';
import { answerScreen, checkIn, completeQuestionnaire, tap } from '../support/browser/kiosk-driver';
import { openKiosk } from '../support/browser/kiosk-helpers';
import { heapHolds } from '../support/browser/page-heap';

let shell: RunningShell;
let browser: Browser;

beforeAll(async () => {
  shell = await startShell();
  const db = new Database(join(shell.info.dataDir, 'stride.db'));
  db.prepare(
    "INSERT INTO settings (key, value_json) VALUES ('app', ?) ON CONFLICT (key) DO UPDATE SET value_json = " +
      'excluded.value_json',
  ).run(JSON.stringify({ kioskIdleSeconds: 15, kioskCountdownSeconds: 5 }));
  db.close();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

describe('kiosk idle guard', () => {
  it('asks "Are you still there?", keeps everything if the patient answers, and wipes everything if not', async () => {
    const page = await openKiosk(browser, shell);
    const historyAtStart = await page.evaluate('history.length');
    await checkIn(page, { name: 'Priya Shahani', dateOfBirth: '1983-05-17', phone: '07700 900123' });
    await answerScreen(page, { sex: 'female', weight_kg: 71 });
    await tap(page.getByRole('button', { name: 'Next', exact: true }));
    await answerScreen(page, { pregnant: 'no', recent_birth: false });

    // First prompt: the patient is still there; nothing is lost.
    const prompt = page.getByTestId('idle-prompt');
    await prompt.waitFor({ timeout: 25_000 });
    expect(await prompt.getByRole('heading').textContent()).toBe('Are you still there?');
    expect(await prompt.textContent()).toMatch(/clear in [1-5] seconds/);
    await prompt.getByRole('button', { name: "I'm still here" }).tap();
    expect(await prompt.count()).toBe(0);
    expect(await page.locator('[data-question="pregnant"] [data-option="no"]').getAttribute('aria-checked')).toBe(
      'true',
    );

    // Second prompt: nobody answers, and the kiosk returns to welcome.
    await prompt.waitFor({ timeout: 25_000 });
    await page.getByRole('button', { name: 'I agree, start' }).waitFor({ timeout: 10_000 });

    const html = await page.content();
    for (const trace of ['Priya', 'Shahani', '07700', '1983', '71']) expect(html).not.toContain(trace);
    // The flow never pushed a history entry, so Back has no earlier screen of this patient to show.
    expect(await page.evaluate('history.length')).toBe(historyAtStart);

    // A new patient starts from empty fields.
    await tap(page.getByRole('button', { name: 'I agree, start' }));
    expect(await page.getByLabel('Full name').inputValue()).toBe('');
    expect(await page.getByLabel('Phone number (optional)').inputValue()).toBe('');
    // The year table lists every year; none is chosen, and the date parts are empty.
    expect(await page.getByTestId('dob-picker').locator('[aria-pressed="true"]').count()).toBe(0);
    expect(await page.getByTestId('dob-picker').locator('.part-value').allTextContents()).toEqual(['—', '—', '—']);
    expect(await heapHolds(page, 'Priya Shahani')).toBe(false);

    // Browser Back leaves the kiosk page altogether (to where the browser was before), never to her answers.
    await page.goBack().catch(() => undefined);
    expect(await page.content()).not.toContain('Priya');
  }, 120_000);

  it('start over clears the patient from the screen and from the page heap', async () => {
    const page = await openKiosk(browser, shell);
    await checkIn(page, { name: 'Oskar Lindgren', dateOfBirth: '1975-10-02' });
    await tap(page.getByRole('button', { name: 'Start over' }));
    expect(await page.getByRole('dialog').getByRole('heading').textContent()).toBe('Start over?');
    await tap(page.getByRole('button', { name: 'Clear and start over' }));
    await page.getByRole('button', { name: 'I agree, start' }).waitFor();
    expect(await page.content()).not.toContain('Oskar');
    expect(await heapHolds(page, 'Oskar Lindgren')).toBe(false);
  }, 60_000);

  it('the thank-you screen returns to welcome by itself after 30 seconds', async () => {
    const page = await openKiosk(browser, shell);
    await page.clock.install();
    await page.reload();
    await checkIn(page, { name: 'Ines Duarte', dateOfBirth: '1969-12-24' });
    await completeQuestionnaire(page, {
      sex: 'male',
      pain_regions: ['groin-right'],
      pain_now: 2,
      pain_worst: 4,
      pain_character: ['stiff'],
      stiffness_morning: 'under_30',
      onset: 'gradual',
      pain_duration: 'over_1y',
      aggravating: ['walking'],
      runs: 'no',
      health_history: ['none'],
      warning_signs: ['none'],
    });
    await page.getByTestId('check-in-code').waitFor();
    await page.clock.runFor(25_000);
    expect(await page.getByTestId('check-in-code').count()).toBe(1);
    await page.clock.runFor(6_000);
    await page.getByRole('button', { name: 'I agree, start' }).waitFor();
    expect(await page.content()).not.toContain('Ines');
  }, 60_000);
});
