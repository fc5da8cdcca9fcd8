/** Drives the kiosk as a patient does: taps the options of each screen's questions from a plan keyed by question id. */
import type { Page } from 'playwright-core';
import type { AnswerValue } from '../../src-main/core/content/schema';

export type AnswerPlan = Record<string, AnswerValue>;

async function answerQuestion(page: Page, id: string, value: AnswerValue): Promise<void> {
  const field = page.locator(`[data-question="${id}"]`);
  if (typeof value === 'boolean') {
    await field.locator(`[data-option="${value ? 'yes' : 'no'}"]`).tap();
  } else if (Array.isArray(value)) {
    for (const option of value) await field.locator(`[data-option="${option}"]`).first().tap();
  } else if (typeof value === 'object') {
    await field.locator('input').first().fill(String(value.value));
    await field.locator('select').selectOption(value.unit);
  } else if (typeof value === 'number' && (await field.locator(`[data-option="${value}"]`).count()) > 0) {
    await field.locator(`[data-option="${value}"]`).tap();
  } else if (typeof value === 'number' || (await field.locator('textarea, input').count()) > 0 && (await field.locator('[data-option]').count()) === 0) {
    await field.locator('textarea, input').first().fill(String(value));
  } else {
    await field.locator(`[data-option="${value}"]`).tap();
  }
}

/** Answers every planned question on each screen, then taps Next until the submit button, and submits. */
export async function completeQuestionnaire(page: Page, plan: AnswerPlan, labels = { next: 'Next', submit: 'Send my answers' }): Promise<void> {
  for (let screen = 0; screen < 30; screen++) {
    // Answering one question can reveal the next on the same screen (runs -> weekly distance): go until none is new.
    const answered = new Set<string>();
    for (;;) {
      const ids = await page.locator('[data-question]').evaluateAll((els) => els.map((e) => e.getAttribute('data-question') ?? ''));
      const fresh = ids.filter((id) => !answered.has(id));
      if (fresh.length === 0) break;
      for (const id of fresh) {
        answered.add(id);
        const value = plan[id];
        if (value !== undefined) await answerQuestion(page, id, value);
      }
    }
    const submit = page.getByRole('button', { name: labels.submit });
    if (await submit.count()) {
      await submit.tap();
      return;
    }
    await page.getByRole('button', { name: labels.next, exact: true }).tap();
  }
  throw new Error('The questionnaire never reached its submit button.');
}
