/**
 * A visit's triage worked out again for the age its patient's record gives, when the record's birth date was
 * corrected after the visit. The stored triage stays what it was (it is what the clinic saw and acted on); this one
 * is shown beside it, so an age-dependent warning sign (a hip in a 12-year-old, new pain after 50) is not missed
 * because the birth date was typed wrong at the kiosk.
 */
import { ageOn, DERIVED_AGE_QUESTION as AGE } from '../age';
import { localDate } from '../clock';
import type { Content, IntakeAnswers } from '../content/schema';
import { triage, type TriageResult } from './engine';

export interface AgeRecheck {
  /** The age in the visit's answers, from the birth date typed at the kiosk. */
  answeredAge: number;
  /** The age the record's birth date gives on the day of the visit. */
  recordAge: number;
  /** The visit's answers triaged with `recordAge`, by the content in use now. */
  triage: TriageResult;
}

/**
 * Null when the visit has no age, or its age is the record's on the clinic's day of `submittedAt` (as almost always):
 * the day the kiosk's age was worked out for (api/handlers/intake.ts).
 */
export function ageRecheck(
  content: Content,
  answers: IntakeAnswers,
  dateOfBirth: string,
  submittedAt: string,
): AgeRecheck | null {
  const answeredAge = answers[AGE];
  if (typeof answeredAge !== 'number') return null;
  const recordAge = ageOn(dateOfBirth, localDate(new Date(submittedAt)));
  if (recordAge === answeredAge) return null;
  return { answeredAge, recordAge, triage: triage(content, { ...answers, [AGE]: recordAge }) };
}
