/**
 * What the clinician screen says about a record's details once they are corrected (`patient.update`): which fields
 * changed, and when a visit's answers were worked out for another age than the record's birth date gives.
 */
import { ageOn } from '../../src-main/core/age';
import { localDate } from '../../src-main/core/clock';
import type { IntakeAnswers } from '../../src-main/core/content/schema';

const FIELD_WORDS: Record<string, string> = { name: 'name', dateOfBirth: 'date of birth', phone: 'phone' };

/** "name, date of birth and phone", from the field names the api and the audit log use. */
export function changedWords(fields: readonly unknown[]): string {
  const words = fields.map((f) => FIELD_WORDS[String(f)] ?? String(f));
  if (words.length <= 1) return words[0] ?? 'details';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * The age a visit's triage used (derived from the birth date typed at the kiosk) against the age the record's birth
 * date gives on the day of the visit; null when they agree or the visit has no age. They differ only after a
 * correction of the birth date: the suggestions and warning signs were worked out for the other age.
 */
export function visitAgeMismatch(visit: {
  answers: IntakeAnswers;
  submittedAt: string;
  patient: { dateOfBirth: string };
}): { answered: number; record: number } | null {
  const answered = visit.answers['age'];
  if (typeof answered !== 'number') return null;
  const record = ageOn(visit.patient.dateOfBirth, localDate(new Date(visit.submittedAt)));
  return record === answered ? null : { answered, record };
}
