/**
 * The kiosk intake as patients use it: by touch, with the on-screen keyboard and the date picker, in English and
 * Spanish, pregnant or not, with a red flag, with mistakes to fix, with the store down, and walking away.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import {
  answerScreen,
  checkIn,
  completeQuestionnaire,
  pickDateOfBirth,
  tap,
  tapCounter,
  typeOnScreen,
} from '../support/browser/kiosk-driver';
import { openKiosk, savedSessions, unlockedClinician } from '../support/browser/kiosk-helpers';
import { typicalRunner as runner } from '../support/browser/runner-plan';

let shell: RunningShell;
let browser: Browser;

useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

const INTERNAL_ERROR = {
  status: 500,
  contentType: 'application/json',
  body: JSON.stringify({ ok: false, error: { code: 'internal', message: 'Something went wrong.' } }),
};

describe('kiosk intake by touch', () => {
  it('a runner with outer-hip pain finishes by touch; intake and triage result reach the database', async () => {
    const page = await openKiosk(browser, shell);
    tapCounter.count = 0;
    await checkIn(page, { name: 'Zoë Núñez', dateOfBirth: '1988-07-03' });
    await completeQuestionnaire(
      page,
      { ...runner, sex: 'female', pregnant: 'no', recent_birth: false },
      { next: 'Next', submit: 'Send my answers' },
    ).catch(async (e: unknown) => {
      await page.screenshot({ path: '/tmp/kiosk-runner-failure.png', fullPage: true });
      throw e;
    });
    await expect.poll(() => page.getByTestId('check-in-code').textContent()).toMatch(/^[A-Z0-9]{4}$/);
    const taps = tapCounter.count;
    // Taps from welcome to thank-you, name typing excluded: the typical runner's questions are kept at 27 or fewer
    // (issue #12; a woman also answers whether she gave birth recently, which decides the postnatal warning signs),
    // and the measures of issue #14 add 26: the 20 LEFS answers and Next, the PSFS activity field, Done, Next, its
    // rating and Next (one activity named; its letters are typing, excluded like the name's).
    console.log(`runner taps welcome -> thank-you (name typing excluded): ${taps}`);
    expect(taps).toBeLessThanOrEqual(27 + 26);

    const code = await page.getByTestId('check-in-code').textContent();
    expect(await page.getByTestId('front-desk').count()).toBe(0);
    const row = savedSessions(shell).find((s) => s.check_in_code === code);
    expect(row?.full_name).toBe('Zoë Núñez');
    expect(row?.date_of_birth).toBe('1988-07-03');
    // The kiosk made the submission's id: a retry of it would be stored once.
    expect(row?.submission_ids).toBe(1);
    const triage = row!.triage;
    expect(triage.suggestions.slice(0, 3).map((s) => s.conditionId)).toContain('gtps');
    expect(triage.urgency).toBe('routine');
    expect(JSON.parse(row?.answers_json ?? '{}')).toMatchObject({
      pain_regions: ['outer-hip-right'],
      pain_duration: '3w_3m',
      age: expect.any(Number),
    });
  });

  it("the review page speaks the patient's words, not ids; Change goes back to that screen and returns", async () => {
    const page = await openKiosk(browser, shell);
    await checkIn(page, { name: 'Ana Ruiz', dateOfBirth: '1979-02-14' });
    // Reach the review page, then look at it before sending.
    for (let i = 0; i < 20 && (await page.locator('main').getAttribute('data-screen')) !== 'review'; i++) {
      await answerScreen(page, { ...runner, pain_regions: ['outer-hip-right', 'groin-left'] });
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
    }
    const where = page.locator('[data-review="pain_regions"]');
    expect(await where.locator('.value').textContent()).toBe('Right outer hip, Left groin');
    expect(await page.locator('[data-review="pain_duration"] .value').textContent()).toBe('3 weeks to 3 months');
    expect(await page.locator('[data-review="onset"] .value').textContent()).not.toContain('gradual');
    expect(await page.getByText('14 February 1979').count()).toBe(1);

    await where.getByRole('button', { name: /^Change/ }).tap();
    await page.locator('[data-option="groin-left"]').first().tap();
    await page.getByRole('button', { name: 'Back to review' }).tap();
    expect(await page.locator('[data-review="pain_regions"] .value').textContent()).toBe('Right outer hip');
  });

  it('a patient 28 weeks pregnant is asked the pregnancy questions; a man is not', async () => {
    const page = await openKiosk(browser, shell);
    await checkIn(page, { name: 'Maya Lindqvist', dateOfBirth: '1994-04-12' });
    await answerScreen(page, { sex: 'female' });
    // Asked right after sex, on the same screen; the pregnancy screen itself only follows a yes.
    expect(await page.locator('[data-question="pregnant"]').count()).toBe(1);
    await answerScreen(page, { pregnant: 'yes' });
    await tap(page.getByRole('button', { name: 'Next', exact: true }));
    expect(await page.getByRole('heading', { name: 'Pregnancy' }).count()).toBe(1);
    await answerScreen(page, { pregnancy_weeks: 28, pregnancy_warning: ['none'] });
    expect(await page.locator('[data-question="pregnancy_weeks"] input').inputValue()).toBe('28');
    expect(await page.locator('[data-question="pregnancy_warning"]').count()).toBe(1);
    await tap(page.getByRole('button', { name: 'Next', exact: true }));
    await completeQuestionnaire(page, { ...runner, runs: 'no' });
    const code = await page.getByTestId('check-in-code').textContent();
    const row = savedSessions(shell).find((s) => s.check_in_code === code);
    expect(JSON.parse(row?.answers_json ?? '{}')).toMatchObject({ pregnant: 'yes', pregnancy_weeks: 28 });

    await page.getByRole('button', { name: 'Finish' }).tap();
    await checkIn(page, { name: 'Tom Berg', dateOfBirth: '1985-09-30' });
    await answerScreen(page, { sex: 'male' });
    await tap(page.getByRole('button', { name: 'Next', exact: true }));
    expect(await page.getByRole('heading', { name: 'Where it hurts' }).count()).toBe(1);
    expect(await page.locator('[data-question="pregnant"]').count()).toBe(0);
  });

  it(
    'a red-flag answer asks the patient to the front desk, with no diagnosis, and alerts the clinician at ' + 'once',
    async () => {
      const staff = await unlockedClinician(browser, shell);
      const page = await openKiosk(browser, shell);
      await checkIn(page, { name: 'Jonas Weber', dateOfBirth: '1990-01-20' });
      await completeQuestionnaire(page, { ...runner, onset: 'fall', warning_signs: ['cant_bear_weight'] });
      await page.getByTestId('front-desk').waitFor();
      expect(await page.getByTestId('front-desk').textContent()).toContain('Please go to the front desk now');
      const body = (await page.locator('main').textContent()) ?? '';
      for (const word of ['fracture', 'emergency', 'diagnos', 'urgent']) expect(body.toLowerCase()).not.toContain(word);

      const code = (await page.getByTestId('check-in-code').textContent()) ?? '';
      await expect
        .poll(() => staff.getByRole('alert').filter({ hasText: code }).count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(savedSessions(shell).find((s) => s.check_in_code === code)?.urgency).not.toBe('routine');
    },
  );

  it('the whole flow works in Spanish, and switching language mid-way keeps every answer', async () => {
    const page = await openKiosk(browser, shell);
    await checkIn(page, { name: 'José Ñúñez', dateOfBirth: '1970-11-05', phone: '600123456' }, 'es');
    await answerScreen(page, { sex: 'male' });
    // Switch to English and back: the answer stays chosen.
    await page.getByRole('button', { name: 'English', exact: true }).tap();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('About you');
    await page.getByRole('button', { name: 'Español', exact: true }).tap();
    expect(await page.locator('[data-question="sex"] [data-option="male"]').getAttribute('aria-checked')).toBe('true');
    await completeQuestionnaire(page, runner, { next: 'Siguiente', submit: 'Enviar mis respuestas' });
    await page.getByTestId('check-in-code').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Gracias');
    const code = await page.getByTestId('check-in-code').textContent();
    const row = savedSessions(shell).find((s) => s.check_in_code === code);
    expect(row?.full_name).toBe('José Ñúñez');
    expect(row?.locale).toBe('es');
  });

  it(
    'mistakes are explained where they are and nothing typed is lost; an error on Send keeps the answers for a ' +
      'retry',
    async () => {
      const page = await openKiosk(browser, shell);
      await tap(page.getByRole('button', { name: 'I agree, start' }));
      // No name, no date: both explained in place.
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
      expect(await page.getByText('Please enter your name.').count()).toBe(1);
      expect(await page.getByText('Please choose your date of birth').count()).toBe(1);
      await page.getByLabel('Full name').tap();
      await typeOnScreen(page, 'Zoë Adams');
      // A date in the future is refused, and the name stays.
      const nextYear = new Date().getFullYear();
      await pickDateOfBirth(page, `${nextYear}-12-31`);
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
      expect(await page.getByText('That date is in the future').count()).toBe(1);
      expect(await page.getByLabel('Full name').inputValue()).toBe('Zoë Adams');
      await pickDateOfBirth(page, '1991-03-09');
      await tap(page.getByRole('button', { name: 'Next', exact: true }));

      // A required question left out: explained on its screen, the other answers kept.
      await answerScreen(page, { sex: 'male', weight_kg: 82 });
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
      await answerScreen(page, { pain_regions: ['knee-front-left'] });
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
      await answerScreen(page, { pain_now: 3 });
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
      expect(await page.locator('[data-question="pain_worst"]').getByText('Please answer this question.').count()).toBe(
        1,
      );
      expect(await page.locator('[data-question="pain_now"] [data-option="3"]').getAttribute('aria-checked')).toBe(
        'true',
      );
      await answerScreen(page, {
        pain_worst: 5,
        pain_character: ['stiff'],
        stiffness_morning: 'under_30',
        onset: 'gradual',
        pain_duration: '1_3w',
      });
      await tap(page.getByRole('button', { name: 'Next', exact: true }));

      // Stride answers Send with an error retrying may mend (an outage is held instead: kiosk-outbox.test.ts): calm
      // message, answers kept, retry sends them.
      await page.route('**/api/call/intake.submit', (route) => route.fulfill(INTERNAL_ERROR));
      await completeQuestionnaire(page, runner);
      await page.getByTestId('banner').waitFor();
      expect(await page.getByTestId('banner').textContent()).toContain('They are still here on this screen');
      expect(await page.locator('[data-review="weight_kg"] .value').textContent()).toBe('82 kg');
      await page.unroute('**/api/call/intake.submit');
      await tap(page.getByRole('button', { name: 'Try again' }));
      const code = await page.getByTestId('check-in-code').textContent();
      const row = savedSessions(shell).find((s) => s.check_in_code === code);
      expect(row?.full_name).toBe('Zoë Adams');
      expect(JSON.parse(row?.answers_json ?? '{}')).toMatchObject({
        weight_kg: 82,
        pain_regions: ['knee-front-left'],
        pain_now: 3,
      });
    },
  );

  it('declining consent ends the visit without saving anything', async () => {
    const before = savedSessions(shell).length;
    const page = await openKiosk(browser, shell);
    await tap(page.getByRole('button', { name: 'No thanks' }));
    expect(await page.getByRole('heading', { name: 'No problem' }).count()).toBe(1);
    await tap(page.getByRole('button', { name: 'Back to the start' }));
    await page.getByRole('button', { name: 'I agree, start' }).waitFor();
    expect(savedSessions(shell).length).toBe(before);
  });
});
