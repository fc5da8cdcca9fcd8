import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src-main/core/content/load';
import type { IntakeAnswers } from '../../src-main/core/content/schema';
import { checkAnswers } from '../../src-main/core/content/visibility';
import { ENGINE_VERSION, triage } from '../../src-main/core/triage/engine';

const content = loadContent(join(__dirname, '..', '..', 'resources', 'content'));
const base: IntakeAnswers = {
  age: 48,
  sex: 'male',
  pain_regions: ['outer-hip-right'],
  pain_now: 3,
  pain_worst: 6,
  pain_character: ['dull'],
  onset: 'gradual',
  pain_duration: '3_12m',
  aggravating: ['lying_side', 'stairs'],
  runs: 'no',
  health_history: ['none'],
  warning_signs: ['none'],
};
const run = (a: IntakeAnswers) => {
  expect(checkAnswers(content.questionnaire, a)).toEqual([]);
  return triage(content, a);
};
const regionReason = (a: IntakeAnswers, conditionId: string) =>
  run(a)
    .suggestions.find((s) => s.conditionId === conditionId)
    ?.reasons.find((r) => r.questionId === 'pain_regions');

describe('triage engine', () => {
  it('stamps engine and content versions', () => {
    const r = run(base);
    expect(r.engineVersion).toBe(ENGINE_VERSION);
    expect(r.contentVersion).toBe(content.version);
  });

  it('reports the side of body-map evidence', () => {
    expect(regionReason(base, 'gtps')?.side).toBe('right');
    expect(regionReason({ ...base, pain_regions: ['outer-hip-left'] }, 'gtps')?.side).toBe('left');
    expect(
      regionReason({ ...base, pain_regions: ['outer-hip-left', 'outer-hip-right', 'knee-left'] }, 'gtps')?.side,
    ).toBe('both');
    // Only matching regions count: right outer hip plus a left knee is still a right-sided outer-hip reason.
    expect(regionReason({ ...base, pain_regions: ['outer-hip-right', 'knee-left'] }, 'gtps')?.side).toBe('right');
  });

  it('never suggests pregnancy-related conditions for patients who are not pregnant or postpartum', () => {
    const pgpLike: IntakeAnswers = {
      ...base,
      sex: 'female',
      age: 30,
      pregnant: 'no',
      recent_birth: false,
      pain_regions: ['buttock-left', 'buttock-right', 'groin-left'],
      aggravating: ['turning_bed', 'one_leg', 'car', 'walking'],
    };
    const ids = run(pgpLike).suggestions.map((s) => s.conditionId);
    expect(ids).not.toContain('pelvic-girdle-pain');
    expect(ids).not.toContain('transient-osteoporosis-hip');
    const { recent_birth: _hidden, ...rest } = pgpLike; // hidden once she says she is pregnant
    const pregnant = run({ ...rest, pregnant: 'yes', pregnancy_weeks: 22, pregnancy_warning: ['none'] });
    expect(pregnant.suggestions[0]?.conditionId).toBe('pelvic-girdle-pain');
  });

  it('a red flag sets urgency however reassuring the rest of the intake is', () => {
    const calm = run(base);
    expect(calm.urgency).toBe('routine');
    const withFlag = run({ ...base, warning_signs: ['calf'] });
    expect(withFlag.urgency).toBe('same-day');
    expect(withFlag.redFlags).toEqual([
      {
        id: 'dvt',
        urgency: 'same-day',
        reasons: [{ questionId: 'warning_signs', text: 'Calf pain, swelling or redness' }],
      },
    ]);
    // Suggestions are unchanged by the flag: scoring and urgency are independent.
    expect(withFlag.suggestions).toEqual(calm.suggestions);
    const both = run({ ...base, warning_signs: ['calf', 'saddle_numb'] });
    expect(both.urgency).toBe('emergency');
    expect(both.redFlags.map((f) => f.id)).toEqual(['cauda-equina', 'dvt']);
  });

  it('returns fresh objects: changing one result cannot change the next', () => {
    const first = run(base);
    first.suggestions[0]!.reasons[0]!.text = 'tampered';
    expect(run(base).suggestions[0]!.reasons[0]!.text).not.toBe('tampered');
  });

  it("a teenager's knee or thigh pain always raises the slipped-epiphysis flag, an adult's does not", () => {
    const flags = (age: number, region: string) =>
      run({ ...base, age, pain_regions: [region], aggravating: ['running', 'stairs'], runs: 'steady' }).redFlags.map(
        (f) => f.id,
      );
    for (const region of ['knee-front-left', 'knee-outer-right', 'thigh-front-right', 'groin-left']) {
      for (const age of [10, 13, 17]) expect(flags(age, region), `${age} ${region}`).toContain('slipped-epiphysis');
      expect(flags(18, region), `18 ${region}`).not.toContain('slipped-epiphysis');
    }
  });

  it('sitting alone never lifts deep gluteal syndrome above sciatica', () => {
    const score = (a: IntakeAnswers, id: string) => run(a).suggestions.find((s) => s.conditionId === id)?.score ?? 0;
    for (const radiation of [['above_knee'], ['below_knee']]) {
      const leg: IntakeAnswers = {
        ...base,
        pain_regions: ['buttock-right'],
        pain_character: ['radiating', 'numb'],
        radiation,
        aggravating: ['walking'],
      };
      for (const aggravating of [['walking'], ['walking', 'sitting'], ['sitting', 'car']]) {
        const a = { ...leg, aggravating };
        expect(score(a, 'lumbar-radicular-pain'), `${radiation} ${aggravating}`).toBeGreaterThan(
          score(a, 'deep-gluteal-syndrome'),
        );
      }
    }
  });

  it('a strong bone-stress score raises same-day urgency wherever it hurts; a weaker one raises nothing alone', () => {
    const subsets = <T>(xs: T[]): T[][] => xs.reduce<T[][]>((acc, x) => acc.flatMap((s) => [s, [...s, x]]), [[]]);
    let strong = 0;
    for (const runs of ['no', 'steady', 'much_more'])
      for (const region of ['groin-left', 'thigh-front-left', 'lower-leg-right', 'buttock-right'])
        for (const aggravating of subsets(['every_step', 'landing', 'rest_night', 'running']))
          for (const history of [['none'], ['low_energy'], ['low_energy', 'thin_bones']]) {
            const a: IntakeAnswers = {
              ...base,
              age: 30,
              runs,
              pain_regions: [region],
              aggravating: aggravating.length > 0 ? aggravating : ['none'],
              history,
            };
            const r = triage(content, a);
            const isStrong = r.suggestions.some(
              (s) => s.conditionId === 'bone-stress-injury' && s.strength === 'strong',
            );
            const flag = r.redFlags.find((f) => f.id === 'bone-stress-strong');
            const story = `${runs} ${region} ${aggravating.join('+')} ${history.join('+')}`;
            expect(Boolean(flag), story).toBe(isStrong);
            if (isStrong) {
              strong++;
              expect(r.urgency, story).not.toBe('routine');
              const match = r.suggestions.find((s) => s.conditionId === 'bone-stress-injury')!;
              expect(flag!.reasons, story).toEqual(match.reasons);
            }
          }
    expect(strong).toBeGreaterThan(20);
  });

  it('says when nothing matches strongly', () => {
    const r = run({ ...base, pain_regions: ['thigh-front-left'], aggravating: ['none'], pain_character: ['dull'] });
    expect(r.noStrongMatch).toBe(true);
    expect(r.suggestions.every((s) => s.strength === 'possible')).toBe(true);
  });
});

describe('derived values', () => {
  it('derives trimester from weeks and BMI from weight and height', async () => {
    const { trimester, trimesterOf, bmiOf } = await import('../../src-main/core/content/derived');
    expect([1, 13, 14, 27, 28, 42].map(trimester)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(trimesterOf({ pregnant: 'yes', pregnancy_weeks: 30 })).toBe(3);
    expect(trimesterOf({ pregnant: 'no' })).toBeUndefined();
    expect(bmiOf({ weight_kg: 81, height_cm: 160 })).toBe(31.6);
    expect(bmiOf({ weight_kg: 80 })).toBeUndefined();
    const heavy = run({ ...base, weight_kg: 100, height_cm: 170 });
    expect(heavy.riskFactors.map((r) => r.id)).toContain('body-weight');
    expect(run({ ...base, weight_kg: 70, height_cm: 170 }).riskFactors.map((r) => r.id)).not.toContain('body-weight');
  });
});
