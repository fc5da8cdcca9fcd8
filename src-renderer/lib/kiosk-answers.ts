/**
 * The kiosk's checks on answers: what the patient must fix before moving on (as message keys, so the text follows a
 * language switch) and server field errors mapped back to the screen that asked. Answers in words for the review page
 * come from src-main/core/content/answer-text.ts, as on every other screen. Pure: no Svelte, no DOM.
 */
import type { AnswerValue, DurationValue, Question } from '../../src-main/core/content/schema';
import { isUnanswered } from '../../src-main/core/content/answer-text';
import { PHONE_MAX_LENGTH, PHONE_PATTERN } from '../../src-main/core/vocabulary';

export interface Problem {
  key: string;
  values?: Record<string, string | number>;
}
export type Problems = Record<string, Problem>;

export interface Identity {
  fullName: string;
  dateOfBirth: string;
  phone: string;
}

export function checkIdentity(identity: Identity, today: string): Problems {
  const out: Problems = {};
  const name = identity.fullName.trim();
  if (name === '') out['fullName'] = { key: 'kiosk.error.name' };
  else if (name.length > 120) out['fullName'] = { key: 'kiosk.error.nameLong' };
  if (!identity.dateOfBirth) out['dateOfBirth'] = { key: 'kiosk.error.dobMissing' };
  else if (identity.dateOfBirth > today) out['dateOfBirth'] = { key: 'kiosk.error.dobFuture' };
  else if (identity.dateOfBirth < '1900-01-01') out['dateOfBirth'] = { key: 'kiosk.error.dobOld' };
  if (!PHONE_PATTERN.test(identity.phone.trim()) || identity.phone.trim().length > PHONE_MAX_LENGTH)
    out['phone'] = { key: 'kiosk.error.phone' };
  return out;
}

/** The problem of a required question left unanswered. */
export const REQUIRED_KEY = 'kiosk.error.required';

/** Problems with the answers on one screen: required ones missing, numbers outside the question's range. */
export function checkScreen(
  questions: Question[],
  answers: Readonly<Record<string, AnswerValue | undefined>>,
): Problems {
  const out: Problems = {};
  for (const q of questions) {
    const v = answers[q.id];
    if (isUnanswered(v)) {
      if (q.required) out[q.id] = { key: REQUIRED_KEY };
      continue;
    }
    const n = q.type === 'number' ? v : q.type === 'duration' ? (v as DurationValue).value : undefined;
    if (typeof n === 'number') {
      if (Number.isNaN(n)) out[q.id] = { key: 'kiosk.error.check' };
      else if (q.type === 'number' && !q.decimals && !Number.isInteger(n)) out[q.id] = { key: 'kiosk.error.whole' };
      else if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) {
        out[q.id] = { key: 'kiosk.error.range', values: { min: q.min ?? 0, max: q.max ?? n } };
      }
    }
  }
  return out;
}

const PATIENT_FIELD_KEYS: Record<string, string> = {
  fullName: 'kiosk.error.name',
  dateOfBirth: 'kiosk.error.dobFuture',
  phone: 'kiosk.error.phone',
};

/** Field errors from `intake.submit` ("patient.fullName", "answers.pain_regions[2]") keyed by what the kiosk shows. */
export function problemsFromServer(fields: readonly { path: string }[]): Problems {
  const out: Problems = {};
  for (const { path } of fields) {
    const patient = /^patient\.(\w+)/.exec(path);
    if (patient) {
      const id = patient[1]!;
      out[id] ??= { key: PATIENT_FIELD_KEYS[id] ?? 'kiosk.error.check' };
      continue;
    }
    const answer = /^answers\.([a-z][a-z0-9_]*)/.exec(path);
    if (answer) out[answer[1]!] ??= { key: 'kiosk.error.check' };
  }
  return out;
}
