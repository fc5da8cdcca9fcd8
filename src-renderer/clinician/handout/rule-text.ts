/** How the clinician screen names each exclusion rule (the patient reads the core's own reasons). */
import type { ExclusionRule } from '../../../src-main/core/handout/exclusion-rules';
import { PRONE_FROM_WEEK, SUPINE_FROM_WEEK } from '../../../src-main/core/vocabulary';

export const RULE_TEXT: Record<ExclusionRule, string> = {
  'supine-from-16-weeks': `lies flat on the back (from ${SUPINE_FROM_WEEK} weeks)`,
  'prone-from-12-weeks': `lies face down (from ${PRONE_FROM_WEEK} weeks)`,
  'high-impact': 'high impact',
  'high-fall-risk': 'high fall risk',
  contraindicated: 'contraindicated for this condition',
  'symmetric-positions': 'asymmetric, straddle or one-leg position (pelvic girdle pain)',
  'medical-review-first': 'no exercise before a medical review of this condition',
};
