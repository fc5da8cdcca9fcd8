/** How the clinician screen names each pregnancy exclusion rule (the patient reads the core's own reasons). */
import type { ExclusionRule } from '../../../src-main/core/handout/plan';

export const RULE_TEXT: Record<ExclusionRule, string> = {
  'supine-from-16-weeks': 'lies flat on the back (from 16 weeks)',
  'prone-from-12-weeks': 'lies face down (from 12 weeks)',
  'high-impact': 'high impact',
  'high-fall-risk': 'high fall risk',
};
