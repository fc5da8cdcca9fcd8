/**
 * What the intake says that the plan rules need: whether the patient is pregnant (and how sure we are), has just
 * given birth, and runs. Zod-free and pure, so the clinician screen can show the same reasons.
 */
import { PREGNANCY_WEEKS, PRONE_FROM_WEEK, SUPINE_FROM_WEEK } from '../vocabulary';

export type PregnancyStatus =
  | { kind: 'none' }
  | { kind: 'pregnant'; weeks: number }
  /** "Not sure" at the kiosk, or pregnant with no usable week: the most cautious plan. */
  | { kind: 'uncertain'; why: 'not-sure' | 'no-weeks' }
  | { kind: 'postpartum' };

export interface PlanPatient {
  pregnancy: PregnancyStatus;
  /** Said at the kiosk that they run; an unanswered question counts as no (no running advice). */
  runs: boolean;
}

/** The week the rules use when pregnancy is uncertain: every position rule applies. */
export const CAUTIOUS_WEEK = Math.max(SUPINE_FROM_WEEK, PRONE_FROM_WEEK);

export function pregnancyStatusOf(answers: Record<string, unknown>): PregnancyStatus {
  const pregnant = answers['pregnant'];
  if (pregnant === 'yes') {
    const w = answers['pregnancy_weeks'];
    if (typeof w !== 'number' || !Number.isFinite(w)) return { kind: 'uncertain', why: 'no-weeks' };
    const weeks = Math.round(w);
    return weeks >= PREGNANCY_WEEKS.min && weeks <= PREGNANCY_WEEKS.max
      ? { kind: 'pregnant', weeks }
      : { kind: 'uncertain', why: 'no-weeks' };
  }
  if (pregnant === 'unsure') return { kind: 'uncertain', why: 'not-sure' };
  if (answers['recent_birth'] === true) return { kind: 'postpartum' };
  return { kind: 'none' };
}

export function planPatientOf(answers: Record<string, unknown>): PlanPatient {
  const runs = answers['runs'];
  return { pregnancy: pregnancyStatusOf(answers), runs: typeof runs === 'string' && runs !== 'no' };
}

/** The pregnancy week the exercise rules apply at, or null when no pregnancy rule applies. */
export function rulesWeek(status: PregnancyStatus): number | null {
  if (status.kind === 'pregnant') return status.weeks;
  if (status.kind === 'uncertain') return CAUTIOUS_WEEK;
  return null;
}

/** Why the plan is as cautious as it is, for the clinician's screen (English, like the rest of that screen). */
export function pregnancyCaution(status: PregnancyStatus): string | null {
  if (status.kind !== 'uncertain') return null;
  const why =
    status.why === 'not-sure'
      ? 'The patient is not sure whether she is pregnant'
      : 'The patient is pregnant but gave no week of pregnancy';
  return `${why}: the plan follows the most cautious pregnancy rules (as from ${CAUTIOUS_WEEK} weeks) until you know.`;
}
