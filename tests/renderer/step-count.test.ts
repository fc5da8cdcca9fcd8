/** The step count: answering on a screen never changes "of N"; moving on can only lower N, never raise it. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IntakeForm, KioskLanguage } from '../../src-main/api/types';
import type { Questionnaire } from '../../src-main/core/content/schema';
import { Kiosk } from '../../src-renderer/kiosk/kiosk.svelte';
import { possibleSections } from '../../src-renderer/lib/step-count';
import { repoRoot } from '../support/core';

const questionnaire = JSON.parse(
  readFileSync(join(repoRoot, 'resources/content/questionnaire.json'), 'utf8'),
) as Questionnaire;
const form: IntakeForm = { contentVersion: 'test', questionnaire, warningRules: [] };
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
    for (let i = 0; i < 10 && v.step.kind === 'section'; i++) {
      const step = v.stepNumber;
      for (const q of v.currentSection!.questions)
        if (q.required)
          v.answers[q.id] = q.type === 'scale' ? 3 : q.type === 'bodymap' ? ['groin-left'] : (q.options?.[0]?.id ?? 1);
      if (v.next() !== 'moved') break;
      expect(v.totalSteps).toBe(total);
      expect(v.stepNumber).toBe((v.step.kind as string) === 'review' ? total : step + 1);
    }
    expect(v.step.kind).toBe('review');
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
