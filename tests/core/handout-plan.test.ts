import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addExercise,
  applyPregnancyRules,
  clinicianNotes,
  moveExercise,
  nonEmptyReason,
  overrideExclusion,
  parsePlan,
  pregnancyExclusionRule,
  removeExercise,
  setDosage,
  suggestPlan,
} from '../../src-main/core/handout/plan';
import type { Plan } from '../../src-main/core/handout/plan';
import type { ConditionId } from '../../src-main/core/handout/schema';
import { loadLibrary } from '../support/handout';

const library = loadLibrary();
const CONDITION_IDS = [...library.conditionIds];
const ex = (id: string) => library.byId.get(id)!;
const ids = (p: Plan) => p.exercises.map((e) => e.exerciseId);

/** A non-pregnant plan that certainly contains a supine, a prone and a high-fall-risk exercise. */
function riskyPlan(): Plan {
  let p = suggestPlan({ library, conditionIds: ['fai', 'labral-tear'], locale: 'en' });
  for (const id of ['bridge', 'plank', 'single-leg-deadlift']) p = addExercise(p, library, id);
  return p;
}

describe('suggestPlan', () => {
  it('picks exercises that help the chosen conditions and none to avoid for them', () => {
    const plan = suggestPlan({ library, conditionIds: ['itb-syndrome'], locale: 'en' });
    expect(plan.exercises.length).toBeGreaterThan(2);
    expect(plan.exercises.length).toBeLessThanOrEqual(6);
    for (const id of ids(plan)) {
      expect(ex(id).conditions).toContain('itb-syndrome');
      expect(ex(id).avoidFor).not.toContain('itb-syndrome');
    }
    expect(plan.advice.map((a) => a.id)).toEqual(expect.arrayContaining(['course-direction', 'surfaces', 'shoes']));
    expect(plan.libraryHash).toBe(library.contentHash);
  });

  it('never suggests the crossed-leg stretch for outer-hip tendon pain (GTPS)', () => {
    const plan = suggestPlan({ library, conditionIds: ['gtps', 'itb-syndrome'], locale: 'en', maxExercises: 12 });
    expect(ids(plan)).not.toContain('pirate-stretch');
    expect(ids(plan)).not.toContain('foam-roll-outer-thigh');
  });

  it('keeps medication advice for the clinician screen only', () => {
    const plan = suggestPlan({ library, conditionIds: ['hip-pointer'], locale: 'en' });
    expect(plan.advice.map((a) => a.id)).not.toContain('medication');
    expect(clinicianNotes(library, ['hip-pointer']).map((a) => a.id)).toContain('medication');
  });

  it('tells a bone stress injury not to run instead of generic relative rest', () => {
    const plan = suggestPlan({ library, conditionIds: ['bone-stress-injury'], locale: 'en' });
    const adv = plan.advice.map((a) => a.id);
    expect(adv).toContain('bone-stress-rest');
    expect(adv).not.toContain('relative-rest');
    expect(ids(plan)).not.toContain('walking');
  });

  it('rejects unknown condition ids', () => {
    expect(() => suggestPlan({ library, conditionIds: ['broken-leg' as ConditionId], locale: 'en' })).toThrow();
  });
});

describe('pregnancy rules', () => {
  it('at 28 weeks leaves out every supine and prone exercise, says why, and offers alternatives', () => {
    const plan = applyPregnancyRules(riskyPlan(), 28, library);
    for (const id of ids(plan)) {
      expect(ex(id).positions, id).not.toContain('supine');
      expect(ex(id).positions, id).not.toContain('prone');
      expect(ex(id).balance, id).not.toBe('high');
      expect(ex(id).impact, id).not.toBe('high');
    }
    const byId = new Map(plan.exclusions.map((x) => [x.exerciseId, x]));
    expect(byId.get('bridge')?.rule).toBe('supine-from-16-weeks');
    expect(byId.get('bridge')?.alternativeId).toBe('side-lying-hip-extension');
    expect(byId.get('plank')?.rule).toBe('prone-from-12-weeks');
    expect(byId.get('plank')?.alternativeId).toBe('incline-plank');
    expect(byId.get('single-leg-deadlift')?.rule).toBe('high-fall-risk');
    for (const x of plan.exclusions) {
      expect(x.reason.en.length).toBeGreaterThan(20);
      expect(x.reason.es).not.toBe(x.reason.en);
    }
    // the alternative takes the excluded exercise's place
    const before = ids(riskyPlan());
    expect(ids(plan).indexOf('side-lying-hip-extension')).toBeLessThanOrEqual(before.indexOf('bridge'));
  });

  it('uses 16 weeks for lying on the back and 12 for lying face down', () => {
    expect(pregnancyExclusionRule(ex('bridge'), 15)).toBeNull();
    expect(pregnancyExclusionRule(ex('bridge'), 16)).toBe('supine-from-16-weeks');
    expect(pregnancyExclusionRule(ex('plank'), 11)).toBeNull();
    expect(pregnancyExclusionRule(ex('plank'), 12)).toBe('prone-from-12-weeks');
    expect(pregnancyExclusionRule(ex('single-leg-deadlift'), 6)).toBe('high-fall-risk');
  });

  it('adds suitable pregnancy stretches (child’s pose with knees wide), advice and all warning signs', () => {
    const plan = suggestPlan({ library, conditionIds: ['pelvic-girdle-pain'], pregnancyWeeks: 24, locale: 'es' });
    expect(ids(plan)).toContain('childs-pose');
    expect(ids(plan).length).toBeLessThanOrEqual(6);
    expect(plan.exercises.find((e) => e.exerciseId === 'childs-pose')?.note?.en).toMatch(/knees wide/i);
    const adv = plan.advice.map((a) => a.id);
    expect(adv).toEqual(
      expect.arrayContaining([
        'pregnancy-side-sleeping',
        'pregnancy-water',
        'pregnancy-hydration',
        'pregnancy-posture',
      ]),
    );
    const signs = plan.warningSigns.map((w) => w.id);
    for (const s of library.advice.pregnancyWarningSigns) expect(signs).toContain(s.id);
    expect(plan.pregnancyWeeks).toBe(24);
  });

  it('holds for any week and any conditions: nothing unsafe remains unless overridden (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 42 }),
        fc.subarray([...CONDITION_IDS], { minLength: 1, maxLength: 4 }),
        (weeks, conds) => {
          const plan = suggestPlan({
            library,
            conditionIds: conds,
            pregnancyWeeks: weeks,
            locale: 'en',
            maxExercises: 12,
          });
          for (const id of ids(plan)) expect(pregnancyExclusionRule(ex(id), weeks)).toBeNull();
          expect(new Set(ids(plan)).size).toBe(plan.exercises.length);
          parsePlan(JSON.parse(JSON.stringify(plan)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects impossible gestational weeks', () => {
    expect(() => applyPregnancyRules(riskyPlan(), 0, library)).toThrow(/1 to 42/);
    expect(() => applyPregnancyRules(riskyPlan(), 43, library)).toThrow(/1 to 42/);
  });
});

describe('clinician edits', () => {
  it('an override needs a non-empty reason and is kept when rules run again', () => {
    const plan = applyPregnancyRules(riskyPlan(), 28, library);
    expect(() => nonEmptyReason('   ')).toThrow(/reason/);
    // @ts-expect-error a plain string is not a recorded reason
    expect(() => overrideExclusion(plan, library, 'plank', { reason: '', by: 'Dr Ana' })).toThrow(/reason/);
    const kept = overrideExclusion(plan, library, 'plank', {
      reason: nonEmptyReason('Comfortable on forearms, 2 min max'),
      by: 'Dr Ana',
    });
    expect(ids(kept)).toContain('plank');
    expect(kept.exclusions.find((x) => x.exerciseId === 'plank')?.override?.reason).toBe(
      'Comfortable on forearms, 2 min max',
    );
    const again = applyPregnancyRules(kept, 30, library);
    expect(ids(again)).toContain('plank');
  });

  it('adding an unsafe exercise to a pregnancy plan records an exclusion instead', () => {
    const plan = suggestPlan({ library, conditionIds: ['hip-oa'], pregnancyWeeks: 20, locale: 'en' });
    const next = addExercise(plan, library, 'bridge');
    expect(ids(next)).not.toContain('bridge');
    expect(next.exclusions.map((x) => x.exerciseId)).toContain('bridge');
  });

  it('validates dosage ranges and names the field', () => {
    const plan = suggestPlan({ library, conditionIds: ['hip-oa'], locale: 'en' });
    const first = plan.exercises[0]!;
    expect(() => setDosage(plan, first.exerciseId, { ...first.dosage, sets: 11 })).toThrow(/sets/);
    expect(() => setDosage(plan, first.exerciseId, { ...first.dosage, holdSeconds: 301 })).toThrow(/holdSeconds/);
    expect(() => setDosage(plan, first.exerciseId, { ...first.dosage, daysPerWeek: 8 })).toThrow(/daysPerWeek/);
    expect(() => setDosage(plan, first.exerciseId, { timesPerDay: 1, daysPerWeek: 3 })).toThrow(
      /reps, holdSeconds or durationMinutes/,
    );
    const ok = setDosage(plan, first.exerciseId, { sets: 2, reps: 15, timesPerDay: 2, daysPerWeek: 7 });
    expect(ok.exercises[0]!.dosage.reps).toBe(15);
  });

  it('reorders and removes exercises', () => {
    const plan = suggestPlan({ library, conditionIds: ['hip-oa'], locale: 'en' });
    const last = plan.exercises[plan.exercises.length - 1]!.exerciseId;
    expect(ids(moveExercise(plan, last, 0))[0]).toBe(last);
    expect(ids(removeExercise(plan, last))).not.toContain(last);
  });

  it('parsePlan names the offending path of a corrupted stored plan', () => {
    const plan = JSON.parse(JSON.stringify(suggestPlan({ library, conditionIds: ['hip-oa'], locale: 'en' })));
    plan.exercises[1].dosage.reps = 0;
    expect(() => parsePlan(plan)).toThrow(/exercises.*1.*dosage.*reps|reps/);
  });
});
