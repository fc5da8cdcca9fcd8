/**
 * The question whose answer is derived from the date of birth, never asked (api/derived.ts fills it in); the triage
 * rules read it.
 */
export const DERIVED_AGE_QUESTION = 'age';

/** Whole years between a date of birth and a day, both YYYY-MM-DD. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
