/**
 * Answers derived from what the patient already entered, applied the same way on the hub (before triage) and on the
 * kiosk (before its warning rules). Zod-free and browser-safe: the kiosk imports it at run time.
 */
import type { IntakeAnswers, Questionnaire } from '../core/content/schema';
import { ageOn, DERIVED_AGE_QUESTION } from '../core/age';

/** Questions the kiosk never shows because the answer is derived from what the patient already entered. */
export { DERIVED_AGE_QUESTION };

/** Answers the patient already gave elsewhere: age comes from the date of birth, never asked twice. */
export function withDerivedAnswers(
  questionnaire: Questionnaire,
  answers: IntakeAnswers,
  dateOfBirth: string,
  today: string,
): IntakeAnswers {
  const asksAge = questionnaire.sections.some((s) => s.questions.some((q) => q.id === DERIVED_AGE_QUESTION));
  return asksAge ? { ...answers, [DERIVED_AGE_QUESTION]: ageOn(dateOfBirth, today) } : answers;
}
