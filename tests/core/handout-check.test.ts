/**
 * The core's check of a plan a screen sent, and clinic templates: the rules the server applies before any PDF is made.
 */
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src-main/core/handout/check';
import {
  addExercise,
  nonEmptyReason,
  overrideExclusion,
  recordPregnancyScreen,
  suggestPlan,
} from '../../src-main/core/handout/plan';
import type { Plan } from '../../src-main/core/handout/plan';
import { planFromTemplate, templateOf } from '../../src-main/core/handout/template';
import { loadLibrary } from '../support/handout';

const library = loadLibrary();
const ctx = { weeks: null, locale: 'en', clinicianName: 'Dr Zoë Núñez' };
const runner = () => suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' });
/** A pregnancy plan whose exercise screen the clinician has confirmed clear. */
const pregnant = (weeks = 28) =>
  recordPregnancyScreen(
    suggestPlan({ library, conditionIds: ['gtps'], pregnancyWeeks: weeks, locale: 'es' }),
    library,
    {
      contraindicated: false,
      by: 'Dr Zoë Núñez',
    },
  );
const problemsOf = (plan: Plan, c: Parameters<typeof checkPlan>[2] = ctx) => {
  const r = checkPlan(plan, library, c);
  return r.ok ? [] : r.problems;
};

describe('checkPlan', () => {
  it('accepts a suggested plan as it is, in the session language', () => {
    const r = checkPlan(runner(), library, { ...ctx, locale: 'es' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.plan.locale).toBe('es');
  });

  it('names the path of unknown and repeated exercises, and refuses an empty plan', () => {
    const plan = runner();
    const first = plan.exercises[0]!;
    expect(
      problemsOf({ ...plan, exercises: [{ ...first, exerciseId: 'moonwalk' }, ...plan.exercises.slice(1)] }),
    ).toEqual([{ path: 'plan.exercises.0.exerciseId', message: 'unknown exercise "moonwalk"' }]);
    expect(problemsOf({ ...plan, exercises: [first, first] }).map((p) => p.path)).toEqual([
      'plan.exercises.1.exerciseId',
    ]);
    expect(problemsOf({ ...plan, exercises: [] }).map((p) => p.path)).toEqual(['plan.exercises']);
    const badAlt = {
      ...plan,
      exclusions: [
        { exerciseId: 'bridge', rule: 'high-impact' as const, reason: { en: 'x', es: 'x' }, alternativeId: 'moonwalk' },
      ],
    };
    expect(problemsOf(badAlt).map((p) => p.path)).toEqual(['plan.exclusions.0.alternativeId']);
  });

  it('holds the plan to the session’s pregnancy week, whatever week the plan claims', () => {
    expect(problemsOf({ ...pregnant(), pregnancyWeeks: null }, { ...ctx, weeks: 28 })[0]).toMatchObject({
      path: 'plan.pregnancyWeeks',
      message: expect.stringContaining('28 weeks'),
    });
    expect(problemsOf(pregnant(), ctx)[0]?.message).toBe('this patient is not recorded as pregnant');
  });

  it('refuses an excluded exercise put back without an override; with one, the unlocked clinician is recorded', () => {
    const plan = pregnant();
    const bridge = { exerciseId: 'bridge', dosage: library.byId.get('bridge')!.dosage, origin: 'clinician' as const };
    const problems = problemsOf({ ...plan, exercises: [...plan.exercises, bridge] }, { ...ctx, weeks: 28 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      path: `plan.exercises.${plan.exercises.length}.exerciseId`,
      message: expect.stringMatching(/override/),
    });

    const overridden = overrideExclusion(addExercise(plan, library, 'bridge'), library, 'bridge', {
      reason: nonEmptyReason('Propped on a wedge'),
      by: 'someone else',
    });
    const r = checkPlan(overridden, library, { ...ctx, weeks: 28 });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.plan.exclusions.find((x) => x.exerciseId === 'bridge')?.override).toMatchObject({
        reason: 'Propped on a wedge',
        by: 'Dr Zoë Núñez',
      });
  });

  it('puts back the warning signs a screen dropped, the library’s first and none twice', () => {
    const r = checkPlan({ ...pregnant(), warningSigns: [] }, library, { ...ctx, weeks: 28 });
    if (!r.ok) throw new Error('refused');
    const expected = [
      ...new Set([...library.advice.pregnancyWarningSigns, ...library.advice.generalWarningSigns].map((w) => w.id)),
    ];
    expect(r.plan.warningSigns.map((w) => w.id)).toEqual(expected);
    const again = checkPlan(r.plan, library, { ...ctx, weeks: 28 });
    if (!again.ok) throw new Error('refused');
    expect(again.plan.warningSigns.map((w) => w.id)).toEqual(expected);
  });
});

describe('templates', () => {
  it('keep neither overrides nor pregnancy advice, and are refused when empty or unknown', () => {
    const overridden = overrideExclusion(addExercise(pregnant(), library, 'bridge'), library, 'bridge', {
      reason: nonEmptyReason('wedge'),
      by: 'Dr A',
    });
    const made = templateOf(overridden, library);
    if (!made.ok) throw new Error('refused');
    expect(made.template.exercises.map((e) => e.exerciseId)).not.toContain('bridge');
    expect(made.template.advice.some((a) => a.source === 'pregnancy')).toBe(false);
    expect(templateOf({ ...overridden, exercises: [] }, library)).toMatchObject({
      ok: false,
      problems: [{ path: 'plan.exercises' }],
    });
    const unknown = { ...overridden, exercises: [{ ...overridden.exercises[0]!, exerciseId: 'moonwalk' }] };
    expect(templateOf(unknown, library)).toMatchObject({
      ok: false,
      problems: [{ path: 'plan.exercises.0.exerciseId' }],
    });
  });

  it('apply the pregnancy rules afresh and name exercises no longer in the library', () => {
    const plan = addExercise(runner(), library, 'bridge');
    const made = templateOf(plan, library);
    if (!made.ok) throw new Error('refused');
    const withGone = {
      ...made.template,
      exercises: [...made.template.exercises, { ...made.template.exercises[0]!, exerciseId: 'retired-exercise' }],
    };
    const applied = planFromTemplate(withGone, library, { locale: 'es', weeks: 28 });
    expect(applied.dropped).toEqual(['retired-exercise']);
    expect(applied.plan.pregnancyWeeks).toBe(28);
    expect(applied.plan.locale).toBe('es');
    expect(applied.plan.exercises.map((e) => e.exerciseId)).not.toContain('bridge');
    expect(applied.plan.exclusions.map((x) => x.exerciseId)).toContain('bridge');
    expect(checkPlan(applied.plan, library, { ...ctx, weeks: 28 }).ok).toBe(false); // screen not confirmed yet
    const screened = recordPregnancyScreen(applied.plan, library, { contraindicated: false, by: 'Dr Zoë Núñez' });
    expect(checkPlan(screened, library, { ...ctx, weeks: 28 }).ok).toBe(true);
    expect(
      planFromTemplate(made.template, library, { locale: 'en', weeks: null }).plan.exercises.map((e) => e.exerciseId),
    ).toContain('bridge');
  });
});
