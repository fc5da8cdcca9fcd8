/** Drives the kiosk as a patient does: taps the options of each screen's questions from a plan keyed by question id. */
import type { Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnswerValue } from '../../../src-main/core/content/schema';

export type AnswerPlan = Record<string, AnswerValue>;

const LEFS_ITEMS = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../resources/content/measures.json'), 'utf8')) as {
    lefs: { items: { id: string }[] };
  }
).lefs.items.map((i) => i.id);

/**
 * The measure screens as a plan (their fields are `data-question` like the questions): every LEFS item with one
 * answer (0-4), the PSFS activities typed on the on-screen keyboard with their ratings, and at a return visit the
 * PGIC and exercise days.
 */
export function measurePlan(m: {
  /** The answer to every LEFS item but those in `lefsItems`. */
  lefs: number;
  lefsItems?: Record<string, number>;
  activities?: { activity: string; rating: number }[];
  pgic?: string;
  exerciseDays?: number;
}): AnswerPlan {
  const plan: AnswerPlan = {};
  for (const id of LEFS_ITEMS) plan[`lefs.${id}`] = m.lefsItems?.[id] ?? m.lefs;
  (m.activities ?? []).forEach((a, slot) => {
    plan[`psfs.activity.${slot}`] = a.activity;
    plan[`psfs.rating.${slot}`] = a.rating;
  });
  if (m.pgic) plan['pgic'] = m.pgic;
  if (m.exerciseDays !== undefined) plan['exerciseDays'] = m.exerciseDays;
  return plan;
}

/** What a first-visit patient answers on the measure screens unless a test says otherwise. */
export const FIRST_VISIT_MEASURES = measurePlan({ lefs: 3, activities: [{ activity: 'Stairs', rating: 5 }] });

/** Every tap the driver makes goes through here, so a test can count a patient's taps. */
export const tapCounter = { count: 0 };
export async function tap(target: Locator): Promise<void> {
  tapCounter.count += 1;
  await target.tap();
}

/** Types with the on-screen keyboard, one tap per key (shift for capitals; accents from the accents layer). */
export async function typeOnScreen(page: Page, text: string): Promise<void> {
  const keyboard = page.getByTestId('keyboard');
  for (const ch of text) {
    const key = ch === ' ' ? '{space}' : ch.toLocaleLowerCase();
    let button = keyboard.locator(`[data-key="${key}"]`);
    if ((await button.count()) === 0) {
      await keyboard.locator('[data-key="{accents}"]').tap();
      button = keyboard.locator(`[data-key="${key}"]`);
    }
    const shiftOn =
      (await keyboard
        .locator('[data-key="{shift}"]')
        .getAttribute('aria-pressed')
        .catch(() => null)) === 'true';
    const wantUpper = ch !== ch.toLocaleLowerCase();
    if (wantUpper !== shiftOn && (await keyboard.locator('[data-key="{shift}"]').count()) > 0)
      await keyboard.locator('[data-key="{shift}"]').tap();
    await button.tap();
    // The accents layer is one-off per letter, as a patient uses it.
    if ((await keyboard.locator('[data-key="{accents}"][aria-pressed="true"]').count()) > 0)
      await keyboard.locator('[data-key="{accents}"]').tap();
  }
}

/** Picks a date of birth (YYYY-MM-DD) on the touch picker: year, month, day (plus "Before 1930" for older years). */
export async function pickDateOfBirth(page: Page, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const picker = page.getByTestId('dob-picker');
  if ((await picker.locator('[data-year]').count()) === 0)
    await tap(picker.getByRole('button', { name: /^(Year|Año)/ }));
  if ((await picker.locator(`[data-year="${y}"]`).count()) === 0) await tap(picker.locator('[data-earlier-years]'));
  // A year hidden under the on-screen keyboard: the patient closes it first (Done), as they would.
  const keyboard = page.getByTestId('keyboard');
  if ((await keyboard.count()) > 0) {
    const [kb, year] = [await keyboard.boundingBox(), await picker.locator(`[data-year="${y}"]`).boundingBox()];
    if (kb && year && year.y + year.height > kb.y) await tap(keyboard.locator('[data-key="{done}"]'));
  }
  await tap(picker.locator(`[data-year="${y}"]`));
  if ((await picker.locator(`[data-month="${m}"]`).count()) === 0)
    await tap(picker.getByRole('button', { name: /^(Month|Mes)/ }));
  await tap(picker.locator(`[data-month="${m}"]`));
  if ((await picker.locator(`[data-day="${d}"]`).count()) === 0)
    await tap(picker.getByRole('button', { name: /^(Day|Día)/ }));
  await tap(picker.locator(`[data-day="${d}"]`));
}

async function fillNumber(page: Page, input: Locator, text: string, closePad = true): Promise<void> {
  await tap(input);
  for (const ch of text) await tap(page.getByTestId('keyboard').locator(`[data-key="${ch === ' ' ? '{space}' : ch}"]`));
  // Close the pad so it does not cover the rest of the screen, as a patient taps Done.
  if (closePad) await tap(page.getByTestId('keyboard').locator('[data-key="{done}"]'));
}

async function answerQuestion(page: Page, id: string, value: AnswerValue): Promise<void> {
  const field = page.locator(`[data-question="${id}"]`);
  if (id.startsWith('psfs.activity.') && typeof value === 'string') {
    // An activity is typed on the on-screen keyboard like a name, then the keyboard closed with Done.
    await tap(field.locator('input'));
    await typeOnScreen(page, value);
    await tap(page.getByTestId('keyboard').locator('[data-key="{done}"]'));
  } else if (typeof value === 'boolean') {
    await tap(field.locator(`[data-option="${value ? 'yes' : 'no'}"]`));
  } else if (Array.isArray(value)) {
    for (const option of value) await tap(field.locator(`[data-option="${option}"]`).first());
  } else if (typeof value === 'object') {
    // The unit buttons sit beside the amount, above the pad: tapping one closes the pad, no Done needed.
    await fillNumber(page, field.locator('input').first(), String(value.value), false);
    if ((await field.locator('select').count()) > 0) await field.locator('select').selectOption(value.unit);
    else await tap(field.locator(`[data-option="${value.unit}"]`));
  } else if (typeof value === 'number' && (await field.locator(`[data-option="${value}"]`).count()) > 0) {
    await tap(field.locator(`[data-option="${value}"]`));
  } else if (typeof value === 'number' && (await field.locator('input[data-osk]').count()) > 0) {
    await fillNumber(page, field.locator('input').first(), String(value));
  } else if (
    typeof value === 'number' ||
    ((await field.locator('textarea, input').count()) > 0 && (await field.locator('[data-option]').count()) === 0)
  ) {
    await field.locator('textarea, input').first().fill(String(value));
  } else {
    await tap(field.locator(`[data-option="${value}"]`));
  }
}

/**
 * Answers the planned questions of the screen on show. The measure screens (LEFS, PSFS) are answered from
 * FIRST_VISIT_MEASURES unless the plan answers them itself.
 */
export async function answerScreen(page: Page, planned: AnswerPlan): Promise<void> {
  const plan = { ...FIRST_VISIT_MEASURES, ...planned };
  // Answering one question can reveal the next on the same screen (runs -> weekly distance): go until none is new.
  const answered = new Set<string>();
  for (;;) {
    const ids = await page
      .locator('[data-question]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-question') ?? ''));
    const fresh = ids.filter((id) => !answered.has(id));
    if (fresh.length === 0) break;
    for (const id of fresh) {
      answered.add(id);
      const value = plan[id];
      if (value !== undefined) await answerQuestion(page, id, value);
    }
  }
}

/**
 * Answers every planned question on each screen, then taps Next until the review page (or the submit button),
 * and submits. An emergency answer sends at once from its screen: then it stops at the thank-you screen. Labels
 * default to English.
 */
export async function completeQuestionnaire(
  page: Page,
  plan: AnswerPlan,
  labels = { next: 'Next', submit: 'Send my answers' },
): Promise<void> {
  for (let screen = 0; screen < 30; screen++) {
    // Sending (after an emergency answer): wait for where it leads, the thank-you or, if it failed, the review page.
    await page.locator('main[aria-busy="true"]').waitFor({ state: 'detached' });
    if ((await page.locator('main[data-screen="thanks"]').count()) > 0) return;
    await answerScreen(page, plan);
    const submit = page.getByRole('button', { name: labels.submit });
    if (await submit.count()) {
      await tap(submit);
      return;
    }
    await tap(page.getByRole('button', { name: labels.next, exact: true }));
  }
  throw new Error('The questionnaire never reached its submit button.');
}

/**
 * Welcome (language, privacy notice, agree or "I've been here before") -> identity with the on-screen keyboard and
 * the date picker, then Next.
 */
export async function checkIn(
  page: Page,
  patient: { name: string; dateOfBirth: string; phone?: string },
  lang: 'en' | 'es' = 'en',
  visit: 'first' | 'return' = 'first',
): Promise<void> {
  if (lang === 'es') await tap(page.getByRole('button', { name: 'Español', exact: true }));
  const start =
    visit === 'return'
      ? lang === 'en'
        ? "I've been here before"
        : 'Ya he venido antes'
      : lang === 'en'
        ? 'I agree, start'
        : 'Acepto, empezar';
  await tap(page.getByRole('button', { name: start }));
  await page.getByLabel(lang === 'en' ? 'Full name' : 'Nombre completo').tap();
  await typeOnScreen(page, patient.name);
  await pickDateOfBirth(page, patient.dateOfBirth);
  if (patient.phone)
    await fillNumber(
      page,
      page.getByLabel(lang === 'en' ? 'Phone number (optional)' : 'Teléfono (opcional)'),
      patient.phone,
    );
  await tap(page.getByRole('button', { name: lang === 'en' ? 'Next' : 'Siguiente', exact: true }));
}
