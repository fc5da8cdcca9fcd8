/**
 * Accessibility of every kiosk screen: axe (WCAG 2.0-2.2 A/AA plus best practice) finds nothing serious or
 * critical on any screen or state, targets are at least 48 px, larger text works, and the whole intake can be
 * completed with a physical keyboard alone.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import {
  answerScreen,
  FIRST_VISIT_MEASURES,
  tap,
  typeOnScreen,
  type AnswerPlan,
} from '../support/browser/kiosk-driver';
import { openKiosk, savedSessions, seriousAxeViolations } from '../support/browser/kiosk-helpers';

const plan: AnswerPlan = {
  sex: 'female',
  pregnant: 'yes',
  pregnancy_weeks: 28,
  pregnancy_warning: ['none'],
  pain_regions: ['outer-hip-right', 'buttock-left'],
  pain_now: 5,
  pain_worst: 8,
  pain_character: ['dull'],
  onset: 'fall',
  pain_duration: 'under_1w',
  aggravating: ['walking'],
  runs: 'steady',
  weekly_km: 30,
  health_history: ['none'],
  // A same-day warning: the whole questionnaire and the review page are shown (an emergency would send at once).
  warning_signs: ['calf'],
};

let shell: RunningShell;
let browser: Browser;

useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

/** Interactive elements smaller than 48 x 48 CSS px (the kiosk's own bar, above WCAG's 24 px minimum). */
async function smallTargets(page: Page): Promise<string[]> {
  // Runs in the page (a string, as the test project compiles without DOM types).
  return page.evaluate(`[
    ...document.querySelectorAll('button, input, textarea, select, [role="checkbox"], [role="radio"]')
  ]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 47.5 || r.height < 47.5)
    .map(({ el, r }) =>
      el.tagName + ' "' + (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30) + '" ' +
      Math.round(r.width) + 'x' + Math.round(r.height))`) as Promise<string[]>;
}

describe('kiosk accessibility', () => {
  it(
    'axe finds no serious or critical violation on any screen, in English and Spanish, and targets are ' +
      'thumb-sized',
    async () => {
      const page = await openKiosk(browser, shell);
      const findings: string[] = [];
      const check = async (screen: string) => {
        for (const v of await seriousAxeViolations(page)) findings.push(`${screen}: ${v}`);
        for (const t of await smallTargets(page)) findings.push(`${screen}: small target ${t}`);
      };
      await check('welcome');
      await page.getByRole('button', { name: 'Español', exact: true }).tap();
      await check('welcome (es)');
      await page.getByRole('button', { name: 'English', exact: true }).tap();
      await page.getByRole('button', { name: /Larger text/ }).tap();
      await check('welcome (larger text)');
      await page.getByRole('button', { name: /Larger text/ }).tap();

      await tap(page.getByRole('button', { name: 'No thanks' }));
      await check('declined');
      await tap(page.getByRole('button', { name: 'Back to the start' }));
      await tap(page.getByRole('button', { name: 'I agree, start' }));
      await check('identity');
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
      await check('identity with errors');
      await page.getByLabel('Full name').tap();
      await check('identity with the letter keyboard');
      await page.getByTestId('keyboard').locator('[data-key="{accents}"]').tap();
      await check('identity with the accents keyboard');
      await page.getByTestId('keyboard').locator('[data-key="{done}"]').tap();
      await page.getByLabel('Full name').fill('Lucía Ortega');
      await check('date picker: years');
      await page.getByTestId('dob-picker').locator('[data-earlier-years]').tap();
      await check('date picker: years before 1930');
      await page.getByTestId('dob-picker').locator('[data-year="1992"]').tap();
      await check('date picker: months');
      await page.getByTestId('dob-picker').locator('[data-month="2"]').tap();
      await check('date picker: days');
      await page.getByTestId('dob-picker').locator('[data-day="29"]').tap();
      await page.getByLabel('Phone number (optional)').tap();
      await check('identity with the phone pad');
      await page.getByTestId('keyboard').locator('[data-key="{done}"]').tap();
      await tap(page.getByRole('button', { name: 'Next', exact: true }));

      for (let i = 0; i < 20 && (await page.locator('main').getAttribute('data-screen')) !== 'review'; i++) {
        const screen = (await page.locator('main').getAttribute('data-screen')) ?? '?';
        await check(`${screen} (empty)`);
        await answerScreen(page, plan);
        await check(`${screen} (answered)`);
        if (screen === 'section-pain') {
          await page.getByRole('button', { name: 'Español', exact: true }).tap();
          await check(`${screen} (es)`);
          await page.getByRole('button', { name: 'English', exact: true }).tap();
        }
        await tap(page.getByRole('button', { name: 'Next', exact: true }));
      }
      await check('review');
      await page.getByRole('button', { name: 'Start over' }).tap();
      await check('start-over dialog');
      await page.getByRole('button', { name: 'Keep going' }).tap();
      // An error retrying may mend (an outage would be held by the outbox, with its own thank-you message).
      await page.route('**/api/call/intake.submit', (route) =>
        route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'Something went wrong.' } }),
        }),
      );
      await tap(page.getByRole('button', { name: 'Send my answers' }));
      await page.getByTestId('banner').waitFor();
      await check('review, store unavailable');
      await page.unroute('**/api/call/intake.submit');
      await tap(page.getByRole('button', { name: 'Try again' }));
      await page.getByTestId('front-desk').waitFor();
      await check('thank-you with the front-desk message');
      await page.getByRole('button', { name: 'Español', exact: true }).tap();
      await check('thank-you (es)');
      expect(findings).toEqual([]);
    },
    240_000,
  );

  it('the idle prompt is an accessible dialog', async () => {
    const page = await openKiosk(browser, shell);
    await page.clock.install();
    await page.reload();
    await tap(page.getByRole('button', { name: 'I agree, start' }));
    await page.clock.runFor(61_000);
    const prompt = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await prompt.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await page.evaluate('document.activeElement?.textContent')).toBe("I'm still here");
  });

  it('larger text makes the whole screen larger', async () => {
    const page = await openKiosk(browser, shell);
    const size = async () =>
      parseFloat(String(await page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize")));
    const before = await size();
    await page.getByRole('button', { name: /Larger text/ }).tap();
    expect(await size()).toBeGreaterThan(before * 1.15);
    expect(await page.getByRole('button', { name: /Larger text/ }).getAttribute('aria-pressed')).toBe('true');
  });
});

/** Moves the focus with Tab (only) until it reaches the element, then presses a key on it. */
async function tabTo(page: Page, target: Locator, press?: string): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < 400; i++) {
    if (
      await handle.evaluate(
        (el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement,
      )
    ) {
      if (press) await page.keyboard.press(press);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

async function answerByKeyboard(page: Page, answers: AnswerPlan): Promise<void> {
  const ids = await page
    .locator('[data-question]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-question') ?? ''));
  for (const id of ids) {
    const value = answers[id];
    if (value === undefined) continue;
    const field = page.locator(`[data-question="${id}"]`);
    if (typeof value === 'boolean')
      await tabTo(page, field.locator(`[data-option="${value ? 'yes' : 'no'}"]`), 'Space');
    else if (Array.isArray(value))
      for (const o of value) await tabTo(page, field.locator(`[data-option="${o}"]`).first(), 'Space');
    else if (typeof value === 'object') {
      await tabTo(page, field.locator('input'));
      await page.keyboard.type(String(value.value));
      await tabTo(page, field.locator(`[data-option="${value.unit}"]`), 'Enter');
    } else if (typeof value !== 'boolean' && (await field.locator('input').count()) > 0) {
      // A number, or a PSFS activity: typed into its field.
      await tabTo(page, field.locator('input'));
      await page.keyboard.type(String(value));
    } else await tabTo(page, field.locator(`[data-option="${value}"]`), 'Enter');
  }
  // Answers can reveal more questions on the same screen.
  const after = await page.locator('[data-question]').count();
  if (after > ids.length)
    await answerByKeyboard(page, Object.fromEntries(Object.entries(answers).filter(([k]) => !ids.includes(k))));
}

describe('kiosk with a physical keyboard only', () => {
  it('an intake can be completed with Tab, Enter, Space and typing', async () => {
    const page = await openKiosk(browser, shell);
    await tabTo(page, page.getByRole('button', { name: 'I agree, start' }), 'Enter');
    await tabTo(page, page.getByLabel('Full name'));
    await page.keyboard.type('Chloé Brontë');
    const picker = page.getByTestId('dob-picker');
    await tabTo(page, picker.locator('[data-year="1987"]'), 'Enter');
    await tabTo(page, picker.locator('[data-month="6"]'), 'Enter');
    await tabTo(page, picker.locator('[data-day="21"]'), 'Enter');
    await tabTo(page, page.getByRole('button', { name: 'Next', exact: true }), 'Enter');
    const answers: AnswerPlan = {
      ...FIRST_VISIT_MEASURES,
      ...plan,
      pregnant: 'no',
      recent_birth: false,
      onset: 'gradual',
      warning_signs: ['none'],
    };
    for (let i = 0; i < 20 && (await page.locator('main').getAttribute('data-screen')) !== 'review'; i++) {
      await answerByKeyboard(page, answers);
      await tabTo(page, page.getByRole('button', { name: 'Next', exact: true }), 'Enter');
    }
    await tabTo(page, page.getByRole('button', { name: 'Send my answers' }), 'Enter');
    const code = await page.getByTestId('check-in-code').textContent();
    const row = savedSessions(shell).find((s) => s.check_in_code === code);
    expect(row?.full_name).toBe('Chloé Brontë');
    expect(row?.date_of_birth).toBe('1987-06-21');
    expect(JSON.parse(row?.answers_json ?? '{}')).toMatchObject({
      pain_regions: ['outer-hip-right', 'buttock-left'],
      pain_duration: 'under_1w',
      runs: 'steady',
    });
  });

  it('the on-screen keyboard types accented names and capitals by itself; Delete removes whole letters', async () => {
    const page = await openKiosk(browser, shell);
    await tap(page.getByRole('button', { name: 'I agree, start' }));
    await page.getByLabel('Full name').tap();
    await typeOnScreen(page, 'Zoë');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Zoë');
    await page.getByTestId('keyboard').locator('[data-key="{bksp}"]').tap();
    expect(await page.getByLabel('Full name').inputValue()).toBe('Zo');
    await page.getByTestId('keyboard').locator('[data-key="{space}"]').tap();
    // After a space a name's next letter is a capital by itself.
    await page.getByTestId('keyboard').locator('[data-key="n"]').tap();
    expect(await page.getByLabel('Full name').inputValue()).toBe('Zo N');
    // The physical keyboard still works alongside.
    await page.keyboard.type('úñez');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Zo Núñez');
    await page.getByRole('button', { name: 'Español', exact: true }).tap();
    await page.getByLabel('Nombre completo').tap();
    for (const key of ['ñ', 'á', 'é', 'í', 'ó', 'ú', 'ü'])
      expect(await page.getByTestId('keyboard').locator(`[data-key="${key}"]`).count()).toBe(1);
    // Question and exclamation marks belong in Spanish text, not in a name.
    for (const key of ['¿', '¡'])
      expect(await page.getByTestId('keyboard').locator(`[data-key="${key}"]`).count()).toBe(0);
  });
});
