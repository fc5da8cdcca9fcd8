/** The step count: answering on a screen never changes "of N"; moving on can only lower N, never raise it. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IntakeForm, KioskLanguage } from '../../src-main/api/types';
import type { Measures } from '../../src-main/core/content/measures';
import type { Questionnaire } from '../../src-main/core/content/schema';
import { Kiosk } from '../../src-renderer/kiosk/kiosk.svelte';
import { possibleSections } from '../../src-renderer/lib/step-count';
import { repoRoot } from '../support/core';

const questionnaire = JSON.parse(
  readFileSync(join(repoRoot, 'resources/content/questionnaire.json'), 'utf8'),
) as Questionnaire;
const measures = JSON.parse(readFileSync(join(repoRoot, 'resources/content/measures.json'), 'utf8')) as Measures;
const form: IntakeForm = { contentVersion: 'test', questionnaire, warningRules: [], measures };
const EN: KioskLanguage = {
  code: 'en',
  name: 'English',
  englishName: 'English',
  intl: 'en',
  keyboard: { letters: [], accents: [], punctuation: [], decimal: '.' },
  messages: {},
};

function visit() {
  const kiosk = new Kiosk({
    load: () => Promise.resolve({ form, settings }),
    submit: () => Promise.resolve({ checkInCode: 'AB12', seeFrontDesk: false }),
    onVisitEnd: () => undefined,
  });
  const settings = { idleSeconds: 60, countdownSeconds: 20, clinicName: 'Test Clinic', languages: [EN] };
  kiosk.form = form;
  kiosk.settings = settings;
  const v = kiosk.visit;
  v.start();
  v.fullName = 'Priya Shahani';
  v.dateOfBirth = '1988-07-03';
  expect(v.next()).toBe('moved');
  return v;
}

describe('step count', () => {
  it('stays put while pregnancy is answered, and the pregnancy screen is then counted', () => {
    const v = visit();
    const before = v.totalSteps;
    expect(v.stepNumber).toBe(2);
    v.answers['sex'] = 'female';
    v.answers['pregnant'] = 'yes';
    expect(v.totalSteps).toBe(before);
    v.answers['weight_kg'] = 64;
    v.answers['height_cm'] = 168;
    expect(v.next()).toBe('moved');
    expect(v.currentSection?.section.id).toBe('pregnancy');
    expect([v.stepNumber, v.totalSteps]).toEqual([3, before]);
  });

  it('takes the pregnancy screen off the count once the patient has moved on from saying no', () => {
    const v = visit();
    const before = v.totalSteps;
    v.answers['sex'] = 'male';
    expect(v.totalSteps).toBe(before);
    expect(v.next()).toBe('moved');
    expect([v.stepNumber, v.totalSteps]).toEqual([3, before - 1]);
    // From here to the review, every screen adds one to the step and the total holds.
    const total = v.totalSteps;
    for (let i = 0; i < 15 && v.step.kind !== 'review'; i++) {
      const step = v.stepNumber;
      for (const q of v.currentSection?.questions ?? [])
        if (q.required)
          v.answers[q.id] = q.type === 'scale' ? 3 : q.type === 'bodymap' ? ['groin-left'] : (q.options?.[0]?.id ?? 1);
      // The measure screens after the questions count as steps too: the LEFS, then one PSFS activity and its rating.
      if (v.step.kind === 'measure') {
        for (const item of measures.lefs.items) v.measures.lefs[item.id] = 2;
        v.measures.activities[0] = 'Gardening';
        v.measures.ratings[0] = 4;
      }
      if (v.next() !== 'moved') break;
      expect(v.totalSteps).toBe(total);
      expect(v.stepNumber).toBe((v.step.kind as string) === 'review' ? total : step + 1);
    }
    expect(v.step.kind).toBe('review');
  });

  it('leaves the PSFS rating screen off the count once the patient named no activity, and only then', () => {
    const v = visit();
    v.answers['sex'] = 'male';
    expect(v.next()).toBe('moved');
    for (let i = 0; i < 15 && v.step.kind === 'section'; i++) {
      for (const q of v.currentSection!.questions)
        if (q.required)
          v.answers[q.id] = q.type === 'scale' ? 3 : q.type === 'bodymap' ? ['groin-left'] : (q.options?.[0]?.id ?? 1);
      expect(v.next()).toBe('moved');
    }
    expect(v.step).toEqual({ kind: 'measure', step: 'lefs' });
    const total = v.totalSteps;
    for (const item of measures.lefs.items) v.measures.lefs[item.id] = 2;
    expect(v.next()).toBe('moved');
    expect(v.step).toEqual({ kind: 'measure', step: 'psfs-name' });
    expect(v.totalSteps).toBe(total);
    expect(v.next()).toBe('moved');
    expect(v.step.kind).toBe('review');
    expect([v.stepNumber, v.totalSteps]).toEqual([total - 1, total - 1]);
  });

  it('counts the short follow-up of a return visit', () => {
    const kiosk = new Kiosk({
      load: () =>
        Promise.resolve({
          form,
          settings: { idleSeconds: 60, countdownSeconds: 20, clinicName: 'T', languages: [EN] },
        }),
      submit: () => Promise.resolve({ checkInCode: 'AB12', seeFrontDesk: false }),
    });
    kiosk.form = form;
    const v = kiosk.visit;
    v.start('return');
    v.fullName = 'Priya Shahani';
    v.dateOfBirth = '1988-07-03';
    expect(v.next()).toBe('moved');
    // Identity; about you, pregnancy and birth (until the patient says they are a man), pain, health; then PSFS
    // (name, rate), LEFS, PGIC, exercise days; review. The whole intake has 7 questionnaire screens and 3 measures.
    expect(v.totalSteps).toBe(1 + 4 + 5 + 1);
    v.answers['sex'] = 'male';
    expect(v.next()).toBe('moved');
    expect(v.sections.map((s) => s.section.id)).toEqual(['about', 'pain', 'health']);
    expect(v.totalSteps).toBe(1 + 3 + 5 + 1);
  });

  it('counts a screen whose condition reads an open question, and not one ruled out by a settled answer', () => {
    const base = {
      questionnaire,
      hiddenQuestions: new Set(['age']),
      settledQuestions: new Set(['age']),
    };
    const about = new Set(['about']);
    expect(possibleSections({ ...base, answers: { age: 30 }, settledSections: new Set() })).toContain('pregnancy');
    expect(possibleSections({ ...base, answers: { age: 30, sex: 'male' }, settledSections: about })).not.toContain(
      'pregnancy',
    );
    expect(
      possibleSections({ ...base, answers: { age: 30, sex: 'female', pregnant: 'yes' }, settledSections: about }),
    ).toContain('pregnancy');
  });
});
