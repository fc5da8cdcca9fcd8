/**
 * The pregnancy rules that leave an exercise out of a handout, and which handout message explains each to the patient.
 */
import { PRONE_FROM_WEEK, SUPINE_FROM_WEEK } from '../vocabulary';

// The ids name their week because they are stored in plans; the week itself comes from the vocabulary.
export const EXCLUSION_RULES = [
  'supine-from-16-weeks',
  'prone-from-12-weeks',
  'high-impact',
  'high-fall-risk',
  /** A contraindication of the exercise for one of the plan's conditions; its own text is the reason. */
  'contraindicated',
  /** Pelvic girdle pain: no asymmetric or straddle position, no standing on one leg (POGP). */
  'symmetric-positions',
  /** A condition that needs a doctor's assessment before any exercise (e.g. suspected avascular necrosis). */
  'medical-review-first',
] as const;
export type ExclusionRule = (typeof EXCLUSION_RULES)[number];

/** The locale file's `handout` message for each rule, and the week it fills in as `{weeks}`. */
export const EXCLUSION_MESSAGES: Record<ExclusionRule, { message: string; weeks?: number }> = {
  'supine-from-16-weeks': { message: 'leftOutSupine', weeks: SUPINE_FROM_WEEK },
  'prone-from-12-weeks': { message: 'leftOutProne', weeks: PRONE_FROM_WEEK },
  'high-impact': { message: 'leftOutHighImpact' },
  'high-fall-risk': { message: 'leftOutHighFallRisk' },
  contraindicated: { message: 'leftOutContraindicated' },
  'symmetric-positions': { message: 'leftOutSymmetric' },
  'medical-review-first': { message: 'leftOutMedicalReview' },
};

/** The note printed under child's pose in pregnancy. */
export const CHILDS_POSE_NOTE_MESSAGE = 'childsPoseNote';
