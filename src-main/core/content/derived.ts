/** Values derived from answers rather than asked directly. Pure, browser-safe. */
import { bmi as bmiFrom } from './cond';
import type { IntakeAnswers } from './schema';
import { SECOND_TRIMESTER_FROM_WEEK, THIRD_TRIMESTER_FROM_WEEK } from '../vocabulary';

/** Trimester from completed weeks of pregnancy: 1 (up to 13 weeks), 2 (14-27), 3 (28 on). */
export function trimester(weeks: number): 1 | 2 | 3 {
  return weeks < SECOND_TRIMESTER_FROM_WEEK ? 1 : weeks < THIRD_TRIMESTER_FROM_WEEK ? 2 : 3;
}

/** The patient's trimester, or undefined when not pregnant or weeks were not given. */
export function trimesterOf(answers: IntakeAnswers): 1 | 2 | 3 | undefined {
  const w = answers.pregnancy_weeks;
  return answers.pregnant === 'yes' && typeof w === 'number' ? trimester(w) : undefined;
}

/** Body-mass index from the optional weight_kg and height_cm answers, rounded to one decimal. */
export function bmiOf(answers: IntakeAnswers): number | undefined {
  const b = bmiFrom((q) => answers[q]);
  return b === undefined ? undefined : Math.round(b * 10) / 10;
}
