/** The typical runner of the kiosk figures: outer-hip pain, a little more running lately, no red flag. */
import type { AnswerPlan } from './kiosk-driver';

export const typicalRunner: AnswerPlan = {
  sex: 'male',
  pain_regions: ['outer-hip-right'],
  pain_now: 4,
  pain_worst: 7,
  pain_character: ['dull'],
  onset: 'gradual',
  pain_duration: '3w_3m',
  aggravating: ['lying_side', 'running'],
  runs: 'more',
  health_history: ['none'],
  warning_signs: ['none'],
};
