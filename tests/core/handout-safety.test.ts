/**
 * The plan builder's safety rules (issue #13): contraindications, pregnancy stretches and plan size, uncertain
 * pregnancy, the pregnancy exercise screen, pelvic girdle pain positions, postpartum advice, advice by rule, sides and
 * progression stages. Each rule is tested where it must fire and where it must not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src-main/core/handout/check';
import { planPatientOf, pregnancyCaution, pregnancyStatusOf } from '../../src-main/core/handout/patient';
import {
  MAX_PREGNANCY_STRETCHES,
  PREGNANCY_STRETCH_IDS,
  addExercise,
  contraindicationsFor,
  nonEmptyReason,
  overrideExclusion,
  pregnancyExclusionRule,
  printedContraindications,
  recordPregnancyScreen,
  setSide,
  setStage,
  stagesOf,
  suggestPlan,
} from '../../src-main/core/handout/plan';
import type { Plan } from '../../src-main/core/handout/plan';
import type { PlanPatient } from '../../src-main/core/handout/patient';
import { templateOf } from '../../src-main/core/handout/template';
import { loadLibrary } from '../support/handout';

const library = loadLibrary();
const CONDITION_IDS = [...library.conditionIds];
const ex = (id: string) => library.byId.get(id)!;
const ids = (p: Plan) => p.exercises.map((e) => e.exerciseId);
const adviceIds = (p: Plan) => p.advice.map((a) => a.id);
const ctx = { weeks: null, locale: 'en', clinicianName: 'Dr Ada Osei' };
const patient = (answers: Record<string, unknown>): PlanPatient => planPatientOf(answers);
const suggest = (conditionIds: string[], answers: Record<string, unknown> = {}) =>
  suggestPlan({ library, conditionIds, locale: 'en', patient: patient(answers) });

describe('contraindications', () => {
  it('a blocking one keeps loading out of a bone stress injury plan, with its reason, until overridden', () => {
    const plan = suggest(['bone-stress-injury', 'gtps']);
    for (const id of ids(plan))
      expect(contraindicationsFor(ex(id), plan.conditionIds).some((c) => c.level === 'block')).toBe(false);
    expect(ids(plan)).not.toContain('band-hip-abduction');

    const added = addExercise(plan, library, 'band-hip-abduction');
    expect(ids(added)).not.toContain('band-hip-abduction');
    const x = added.exclusions.find((e) => e.exerciseId === 'band-hip-abduction');
    expect(x?.rule).toBe('contraindicated');
    expect(x?.reason.en).toMatch(/bone stress injury/i);

    // A screen that puts it back anyway is refused; with a recorded reason it is kept.
    const sneaked = {
      ...plan,
      exercises: [...plan.exercises, { ...added.exercises[0]!, exerciseId: 'band-hip-abduction' }],
    };
    const r = checkPlan(sneaked, library, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toMatch(/contraindicated/);
    const kept = overrideExclusion(added, library, 'band-hip-abduction', {
      reason: nonEmptyReason('MRI shows healed fracture'),
      by: 'Dr Ada Osei',
    });
    expect(checkPlan(kept, library, ctx).ok).toBe(true);
  });

  it('does not fire for the same exercise when the plan has no condition it names', () => {
    const plan = suggest(['gtps']);
    expect(ids(plan)).toContain('band-hip-abduction');
    expect(addExercise(plan, library, 'trx-lunge').exclusions).toEqual([]);
  });

  it('a warning is shown, not blocking, and printed only when it concerns the patient', () => {
    const strain = suggest(['hip-flexor-strain']);
    const flexor = ex('hip-flexor-stretch');
    expect(ids(addExercise(strain, library, 'hip-flexor-stretch'))).toContain('hip-flexor-stretch');
    expect(contraindicationsFor(flexor, ['hip-flexor-strain']).map((c) => c.level)).toEqual(['warn']);
    expect(printedContraindications(flexor, ['hip-flexor-strain'])[0]?.text.en).toMatch(/hip flexor strain/);
    // For another condition that warning is none of the patient's business.
    expect(printedContraindications(flexor, ['hip-oa'])).toEqual([]);
    // A general caution (no condition named) is printed for everyone.
    expect(printedContraindications(ex('side-plank'), ['gtps'])).toHaveLength(1);
  });
});

describe('pregnancy stretches and plan size', () => {
  it('respect avoidFor: no hamstring stretch for a proximal hamstring problem', () => {
    const plan = suggestPlan({ library, conditionIds: ['proximal-hamstring'], pregnancyWeeks: 20, locale: 'en' });
    expect(ids(plan)).not.toContain('hamstring-stretch');
    expect(plan.exercises.filter((e) => e.origin === 'pregnancy-stretch').length).toBeGreaterThan(0);
  });

  it('add at most two, and never more than six exercises in all, for any week and conditions (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 42 }),
        fc.subarray(CONDITION_IDS, { minLength: 1, maxLength: 4 }),
        (weeks, conds) => {
          const plan = suggestPlan({ library, conditionIds: conds, pregnancyWeeks: weeks, locale: 'en' });
          expect(plan.exercises.length).toBeLessThanOrEqual(6);
          const stretches = plan.exercises.filter((e) => e.origin === 'pregnancy-stretch');
          expect(stretches.length).toBeLessThanOrEqual(MAX_PREGNANCY_STRETCHES);
          for (const s of stretches) expect(ex(s.exerciseId).avoidFor.some((c) => conds.includes(c))).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('are not all added to every pregnant plan', () => {
    const plan = suggestPlan({ library, conditionIds: ['deep-gluteal-syndrome'], pregnancyWeeks: 14, locale: 'en' });
    const added = plan.exercises.filter((e) => e.origin === 'pregnancy-stretch').map((e) => e.exerciseId);
    expect(added.length).toBeLessThan(PREGNANCY_STRETCH_IDS.length);
  });

  it('the clinician may add a seventh exercise', () => {
    let plan = suggest(['itb-syndrome', 'gtps']);
    expect(plan.exercises.length).toBe(6);
    plan = addExercise(plan, library, 'seated-foot-press');
    expect(plan.exercises.length).toBe(7);
  });
});

describe('uncertain pregnancy', () => {
  it('"not sure" and "pregnant, no week" give the most cautious plan, with the reason for the clinician', () => {
    for (const answers of [{ pregnant: 'unsure' }, { pregnant: 'yes' }]) {
      const status = pregnancyStatusOf(answers);
      expect(status.kind).toBe('uncertain');
      const plan = suggest(['fai', 'labral-tear'], answers);
      expect(plan.pregnancyWeeks).toBeNull();
      expect(plan.pregnancy?.status).toBe('uncertain');
      for (const id of ids(plan)) expect(pregnancyExclusionRule(ex(id), 40)).toBeNull();
      expect(plan.exclusions.map((x) => x.exerciseId)).toEqual(expect.arrayContaining(['bridge']));
      expect(plan.warningSigns.map((w) => w.id)).toContain('vaginal-bleeding');
      expect(pregnancyCaution(status)).toMatch(/most cautious/);
      expect(checkPlan(plan, library, { ...ctx, pregnancy: status }).ok).toBe(true);
    }
  });

  it('a plan made as if not pregnant is refused for a patient who may be', () => {
    const careless = suggest(['fai']);
    const r = checkPlan(careless, library, { ...ctx, pregnancy: { kind: 'uncertain', why: 'not-sure' } });
    expect(r.ok).toBe(false);
  });

  it('does not fire for a patient who is not pregnant', () => {
    expect(pregnancyStatusOf({ pregnant: 'no' })).toEqual({ kind: 'none' });
    expect(pregnancyCaution({ kind: 'none' })).toBeNull();
    const plan = suggest(['fai', 'labral-tear'], { pregnant: 'no' });
    expect(ids(plan)).toContain('bridge');
    expect(plan.pregnancy).toBeUndefined();
  });
});

describe('the pregnancy exercise screen (ACOG 804)', () => {
  const pregnant = () => suggestPlan({ library, conditionIds: ['gtps'], pregnancyWeeks: 24, locale: 'en' });
  const ctx24 = { ...ctx, weeks: 24 };

  it('must be confirmed before a pregnancy handout is made', () => {
    const plan = pregnant();
    expect(plan.pregnancy?.screen).toBe('unconfirmed');
    const r = checkPlan(plan, library, ctx24);
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['plan.pregnancy.screen']);
    const clear = recordPregnancyScreen(plan, library, { contraindicated: false, by: 'Dr Ada Osei' });
    expect(clear.pregnancy).toMatchObject({ screen: 'clear', screenedBy: 'Dr Ada Osei' });
    expect(ids(clear)).toEqual(ids(plan));
    expect(checkPlan(clear, library, ctx24).ok).toBe(true);
  });

  it('a yes to any absolute contraindication gives no exercise and the advice to ask the maternity team', () => {
    const none = recordPregnancyScreen(pregnant(), library, { contraindicated: true, by: 'Dr Ada Osei' });
    expect(none.exercises).toEqual([]);
    expect(adviceIds(none)[0]).toBe('ask-maternity-team');
    expect(adviceIds(none)).not.toContain('pain-guide');
    expect(checkPlan(none, library, ctx24).ok).toBe(true);
    // Exercises put back after that answer are refused.
    const back = { ...none, exercises: pregnant().exercises };
    expect(checkPlan(back, library, ctx24).ok).toBe(false);
    expect(library.advice.pregnancyScreen.map((s) => s.id)).toEqual(
      expect.arrayContaining(['placenta-praevia', 'pre-eclampsia', 'cervix', 'preterm-labour', 'ruptured-membranes']),
    );
  });

  it('does not apply to a patient who is not pregnant', () => {
    expect(() => recordPregnancyScreen(suggest(['gtps']), library, { contraindicated: false, by: 'x' })).toThrow();
    expect(checkPlan(suggest(['gtps']), library, ctx).ok).toBe(true);
  });
});

describe('pelvic girdle pain', () => {
  it('keeps asymmetric, straddle and one-leg positions out and gives the pelvic-health advice', () => {
    const plan = suggestPlan({ library, conditionIds: ['pelvic-girdle-pain'], pregnancyWeeks: 30, locale: 'en' });
    expect(ids(plan).length).toBeGreaterThan(2);
    for (const id of ids(plan)) expect(ex(id).stance ?? []).toEqual([]);
    expect(adviceIds(plan)).toEqual(
      expect.arrayContaining(['pgp-belt', 'pgp-pacing', 'pgp-legs-together', 'pgp-pelvic-floor']),
    );
    const added = addExercise(plan, library, 'hip-flexor-stretch');
    expect(added.exclusions.find((x) => x.exerciseId === 'hip-flexor-stretch')?.rule).toBe('symmetric-positions');
  });

  it('does not fire without pelvic girdle pain: the kneeling hip flexor stretch suits a hip flexor strain', () => {
    const plan = suggest(['hip-flexor-strain']);
    expect(addExercise(plan, library, 'hip-flexor-stretch').exclusions).toEqual([]);
    expect(adviceIds(plan)).not.toContain('pgp-belt');
  });
});

describe('after a birth', () => {
  it('gives pelvic floor training, and the graded return to running from 12 weeks to a runner', () => {
    const runner = suggest(['gtps'], { pregnant: 'no', recent_birth: true, runs: 'steady' });
    expect(runner.pregnancy?.status).toBe('postpartum');
    expect(adviceIds(runner)).toEqual(
      expect.arrayContaining(['postpartum-pelvic-floor', 'postpartum-return-to-running']),
    );
    expect(runner.advice.find((a) => a.id === 'postpartum-return-to-running')?.text.en).toMatch(/12 weeks/);
    const walker = suggest(['gtps'], { pregnant: 'no', recent_birth: true, runs: 'no' });
    expect(adviceIds(walker)).toContain('postpartum-pelvic-floor');
    expect(adviceIds(walker)).not.toContain('postpartum-return-to-running');
  });

  it('is not carried into a clinic template', () => {
    const plan = suggest(['gtps'], { pregnant: 'no', recent_birth: true, runs: 'steady' });
    const made = templateOf(plan, library);
    expect(made.ok && made.template.advice.map((a) => a.id)).not.toContain('postpartum-pelvic-floor');
  });

  it('does not fire without a recent birth', () => {
    expect(adviceIds(suggest(['gtps'], { pregnant: 'no', recent_birth: false }))).not.toContain(
      'postpartum-pelvic-floor',
    );
  });
});

describe('advice chosen by rule', () => {
  const running = ['surfaces', 'course-direction', 'shoes', 'training-load', 'bone-stress-no-running'];

  it('no running or crutches advice for a patient who does not run; a runner gets it', () => {
    const walker = suggest(['itb-syndrome', 'bone-stress-injury'], { runs: 'no' });
    for (const id of running) expect(adviceIds(walker)).not.toContain(id);
    expect(walker.advice.map((a) => a.text.en).join(' ')).not.toMatch(/crutches|running/i);
    const runner = suggest(['itb-syndrome', 'bone-stress-injury'], { runs: 'more' });
    for (const id of running) expect(adviceIds(runner)).toContain(id);
  });

  it('no "up to 3/10 is fine" when loading must be pain-free', () => {
    for (const c of ['bone-stress-injury', 'transient-osteoporosis-hip']) {
      const plan = suggest([c]);
      expect(adviceIds(plan)).not.toContain('pain-guide');
      expect(adviceIds(plan)).toContain('pain-free-guide');
    }
    const tendon = suggest(['gtps']);
    expect(adviceIds(tendon)).toContain('pain-guide');
    expect(adviceIds(tendon)).not.toContain('pain-free-guide');
  });
});

describe('sides and progression stages', () => {
  it('one-sided exercises carry a side the clinician sets; two-sided ones refuse it', () => {
    let plan = suggest(['gtps']);
    const oneSided = plan.exercises.find((e) => ex(e.exerciseId).oneSided)!;
    expect(oneSided.side).toBe('both');
    plan = setSide(plan, library, oneSided.exerciseId, 'left');
    expect(plan.exercises.find((e) => e.exerciseId === oneSided.exerciseId)?.side).toBe('left');
    expect(() => setSide(plan, library, 'bridge', 'left')).toThrow(/one side/);
    expect(plan.exercises.find((e) => e.exerciseId === 'bridge')?.side).toBeUndefined();
  });

  it('a stage is picked among those the exercise has, each with its criterion to move on', () => {
    expect(stagesOf(ex('bridge'))).toEqual(['easier', 'prescribed', 'harder']);
    expect(stagesOf(ex('seated-foot-press'))).toEqual(['prescribed']);
    let plan = suggest(['gtps']);
    plan = setStage(plan, library, 'bridge', 'harder');
    expect(plan.exercises.find((e) => e.exerciseId === 'bridge')?.stage).toBe('harder');
    plan = setStage(plan, library, 'bridge', 'prescribed');
    expect(plan.exercises.find((e) => e.exerciseId === 'bridge')?.stage).toBeUndefined();
    expect(() => setStage(plan, library, 'seated-foot-press', 'harder')).toThrow(/no harder stage/);
    for (const e of library.exercises) {
      if (e.progression?.harder) expect(e.progression.moveOn?.en).toMatch(/\w/);
      if (e.progression?.easier) expect(e.progression.easier.moveOn.en).toMatch(/\w/);
    }
  });
});

describe('conditions that need a medical review before any exercise', () => {
  const REVIEW = library.advice.reviewBeforeExerciseFor;
  const reviewAdvice = library.advice.reviewBeforeExerciseAdvice;

  it('are the suspected avascular necrosis and a problem with a hip replacement', () => {
    expect([...REVIEW].sort()).toEqual(['avascular-necrosis', 'hip-replacement-problem']);
  });

  it('give a plan with no exercise, alone or beside a condition that has exercises, and say why first', () => {
    for (const id of REVIEW)
      for (const conditions of [[id], [id, 'hip-oa'], ['hip-oa', id]]) {
        const plan = suggest(conditions, { runs: 'yes' });
        expect(ids(plan), conditions.join('+')).toEqual([]);
        expect(plan.advice[0]?.id).toBe(reviewAdvice.id);
        // Nothing that tells the patient to exercise through pain or keep doing exercises.
        expect(adviceIds(plan)).not.toContain('pain-guide');
        expect(adviceIds(plan)).not.toContain('relative-rest');
        // Only the advice for the condition under review: not the running or activity advice of the others.
        for (const a of plan.advice.slice(1)) {
          const item = library.advice.advice.find((x) => x.id === a.id)!;
          expect(item.conditions === '*' || item.conditions.includes(id), `${conditions.join('+')}: ${a.id}`).toBe(
            true,
          );
        }
        for (const pregnant of [suggestPlan({ library, conditionIds: conditions, pregnancyWeeks: 24, locale: 'en' })])
          expect(ids(pregnant), `${conditions.join('+')} in pregnancy`).toEqual([]);
      }
    // The same conditions without the review condition do get exercises (the rule is what empties the plan).
    expect(ids(suggest(['hip-oa'])).length).toBeGreaterThan(0);
  });

  it('leave out any exercise the clinician adds, unless kept with a reason; a plan with none can be printed', () => {
    for (const id of REVIEW) {
      const plan = suggest([id]);
      for (const e of library.exercises) {
        const added = addExercise(plan, library, e.id);
        expect(ids(added), e.id).not.toContain(e.id);
        expect(added.exclusions.find((x) => x.exerciseId === e.id)?.rule, e.id).toBe('medical-review-first');
      }
      expect(checkPlan(plan, library, ctx).ok).toBe(true);
      const kept = overrideExclusion(addExercise(plan, library, 'walking'), library, 'walking', {
        reason: nonEmptyReason('Orthopaedic team reviewed: walking allowed'),
        by: 'Dr Ada Osei',
      });
      expect(ids(kept)).toEqual(['walking']);
      expect(checkPlan(kept, library, ctx).ok).toBe(true);
      // A plan made before the session's condition was known is refused its exercises at generation.
      const r = checkPlan(suggest(['hip-oa']), library, { ...ctx, conditionIds: [id] });
      expect(r.ok).toBe(false);
    }
  });
});

describe('every condition has a handout', () => {
  it('has exercises and its own advice, or is a condition that needs a medical review first', () => {
    for (const id of CONDITION_IDS) {
      const plan = suggest([id], { runs: 'yes' });
      const own = library.advice.advice.filter((a) => a.conditions !== '*' && a.conditions.includes(id));
      expect(own.length, `${id}: advice of its own`).toBeGreaterThan(0);
      if (library.advice.reviewBeforeExerciseFor.includes(id)) expect(ids(plan), id).toEqual([]);
      else expect(ids(plan).length, `${id}: exercises`).toBeGreaterThan(0);
    }
  });

  it('gives adductor- and pubic-related groin pain the graded knee squeeze, and meralgia no strength work', () => {
    for (const id of ['adductor-related-groin-pain', 'pubic-related-groin-pain'])
      expect(ids(suggest([id])), id).toContain('adductor-squeeze');
    expect(ids(suggest(['meralgia-paresthetica']))).toEqual(['walking']);
    expect(stagesOf(ex('adductor-squeeze'))).toEqual(['easier', 'prescribed', 'harder']);
  });
});
