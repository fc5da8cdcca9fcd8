/**
 * The kiosk as a patient finds it, in real Chromium: the page comes back after the on-screen keyboard closes, only
 * the field being typed in looks active, the idle prompt hides the form, Spanish numbers take a decimal comma and a
 * name keyboard has no ¿ ¡, the step count holds while pregnancy is answered, "Start over?" says it clears the whole
 * intake, and the review page is where the patient left it after a change.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { kioskContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import {
  answerScreen,
  checkIn,
  completeQuestionnaire,
  pickDateOfBirth,
  tap,
  typeOnScreen,
} from '../support/browser/kiosk-driver';
import { openKiosk, savedSessions } from '../support/browser/kiosk-helpers';
import { typicalRunner } from '../support/browser/runner-plan';

let shell: RunningShell;
let browser: Browser;

useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

const titleTop = (page: Page) => page.locator('main h1').evaluate((h) => h.getBoundingClientRect().top);
const yearPartShadow = (page: Page) =>
  page
    .getByTestId('dob-picker')
    .locator('.part[aria-expanded="true"]')
    .evaluate((el) => getComputedStyle(el).boxShadow);
const progress = (page: Page) => page.locator('.progress-text').textContent();

describe('kiosk polish', () => {
  it('brings the title back once the keyboard closes, and only the name field looks active while typing', async () => {
    const page = await openKiosk(browser, shell);
    await tap(page.getByRole('button', { name: 'I agree, start' }));
    expect(await titleTop(page)).toBeGreaterThanOrEqual(0);
    const ringed = await yearPartShadow(page);
    expect(ringed).not.toBe('none');

    await page.getByLabel('Full name').tap();
    await page.getByTestId('keyboard').waitFor();
    // The keyboard lifts the field to the top of the screen: the title is out of sight while typing.
    await expect.poll(() => titleTop(page)).toBeLessThan(0);
    await typeOnScreen(page, 'Ana Ruiz');
    expect(await yearPartShadow(page)).toBe('none');

    await tap(page.getByTestId('keyboard').locator('[data-key="{done}"]'));
    await expect.poll(() => titleTop(page)).toBeGreaterThanOrEqual(0);
    expect(await yearPartShadow(page)).toBe(ringed);

    // Closed by a tap outside the keyboard, the page comes back too, once the finger is up.
    await page.getByLabel('Full name').tap();
    await expect.poll(() => titleTop(page)).toBeLessThan(0);
    await page.locator('main').tap({ position: { x: 5, y: 5 } });
    await expect.poll(() => page.getByTestId('keyboard').count()).toBe(0);
    await expect.poll(() => titleTop(page)).toBeGreaterThanOrEqual(0);
  });

  it('hides what the patient entered while the idle prompt counts down', async () => {
    const context = await kioskContext(browser);
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(shell.info.kioskUrl);
    await expect.poll(() => page.getByRole('button', { name: 'I agree, start' }).isEnabled()).toBe(true);
    await tap(page.getByRole('button', { name: 'I agree, start' }));
    await page.getByLabel('Full name').tap();
    await typeOnScreen(page, 'Priya Shahani');
    expect(await page.getByLabel('Full name').isVisible()).toBe(true);
    await page.clock.fastForward('02:00');
    const prompt = page.getByTestId('idle-prompt');
    await prompt.waitFor();
    expect(await prompt.isVisible()).toBe(true);
    expect(await page.getByLabel('Full name').isVisible()).toBe(false);
    expect(await page.getByText('Priya Shahani').count()).toBe(0);
    await tap(prompt.getByRole('button', { name: "I'm still here" }));
    expect(await page.getByLabel('Full name').isVisible()).toBe(true);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Priya Shahani');
    await context.close();
  });

  it('in Spanish: a decimal comma on the number pad, and no ¿ ¡ on the name keyboard', async () => {
    const page = await openKiosk(browser, shell);
    await tap(page.getByRole('button', { name: 'Español', exact: true }));
    await tap(page.getByRole('button', { name: 'Acepto, empezar' }));
    await page.getByLabel('Nombre completo').tap();
    const keyboard = page.getByTestId('keyboard');
    const keys = () => keyboard.locator('[data-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    for (const layer of ['letters', 'accents']) {
      if (layer === 'accents') await keyboard.locator('[data-key="{accents}"]').tap();
      for (const mark of ['¿', '¡', '?']) expect(await keys(), `${layer} ${mark}`).not.toContain(mark);
    }
    await keyboard.locator('[data-key="{accents}"]').tap();
    await typeOnScreen(page, 'Lucía Ortega');
    await pickDateOfBirth(page, '1990-02-11');
    await tap(page.getByRole('button', { name: 'Siguiente', exact: true }));

    await answerScreen(page, { sex: 'male' });
    const weight = page.locator('[data-question="weight_kg"] input');
    await weight.tap();
    expect(await keys()).toContain(',');
    expect(await keys()).not.toContain('.');
    for (const k of ['7', '1', ',', '5']) await tap(keyboard.locator(`[data-key="${k}"]`));
    await tap(keyboard.locator('[data-key="{done}"]'));
    expect(await weight.inputValue()).toBe('71,5');
    // Back on the screen later, the answer is written the Spanish way too.
    await tap(page.getByRole('button', { name: 'Siguiente', exact: true }));
    await tap(page.getByRole('button', { name: 'Atrás', exact: true }));
    expect(await page.locator('[data-question="weight_kg"] input').inputValue()).toBe('71,5');
  });

  it('keeps "Step 2 of N" while pregnancy is answered, and counts the pregnancy screen after it', async () => {
    const page = await openKiosk(browser, shell);
    await checkIn(page, { name: 'Maya Cole', dateOfBirth: '1992-06-01' });
    const before = await progress(page);
    expect(before).toMatch(/^Step 2 of \d+$/);
    await answerScreen(page, { sex: 'female', pregnant: 'yes' });
    expect(await progress(page)).toBe(before);
    const total = Number(before!.split(' of ')[1]);
    await tap(page.getByRole('button', { name: 'Next', exact: true }));
    expect(await page.locator('main').getAttribute('data-screen')).toBe('section-pregnancy');
    expect(await progress(page)).toBe(`Step 3 of ${total}`);
  });

  it('says "Start over?" clears the whole intake, and it does', async () => {
    const page = await openKiosk(browser, shell);
    await checkIn(page, { name: 'Tom Reyes', dateOfBirth: '1985-01-20' });
    await answerScreen(page, { sex: 'male' });
    await tap(page.getByRole('button', { name: 'Next', exact: true }));
    await tap(page.getByRole('button', { name: 'Start over' }));
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('Your details and all your answers so far will be cleared');
    await tap(dialog.getByRole('button', { name: 'Clear and start over' }));
    await tap(page.getByRole('button', { name: 'I agree, start' }));
    expect(await page.getByLabel('Full name').inputValue()).toBe('');
  });

  it('returns to the same place on the review page after "Back to review"', async () => {
    const page = await openKiosk(browser, shell);
    await checkIn(page, { name: 'Ben Okoro', dateOfBirth: '1989-03-14' });
    // Up to the review page, without sending.
    for (let i = 0; i < 20 && (await page.locator('main').getAttribute('data-screen')) !== 'review'; i++) {
      await answerScreen(page, typicalRunner);
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
    }
    const row = page.locator('[data-review="aggravating"]');
    await row.scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollBy(0, 120)');
    const y = (await page.evaluate('window.scrollY')) as number;
    expect(y).toBeGreaterThan(200);
    await tap(row.getByRole('button', { name: /^Change/ }));
    expect(await page.evaluate('window.scrollY')).toBe(0);
    await tap(page.getByRole('button', { name: 'Back to review' }));
    await page.locator('main[data-screen="review"]').waitFor();
    await expect.poll(() => page.evaluate('window.scrollY')).toBe(y);
    expect(await row.isVisible()).toBe(true);
    await completeQuestionnaire(page, typicalRunner);
    await page.getByTestId('check-in-code').waitFor();
    expect(savedSessions(shell).some((s) => s.full_name === 'Ben Okoro')).toBe(true);
  });
});
