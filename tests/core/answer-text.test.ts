/** Answers as words: the one function the kiosk review, the clinician's session view and the record export share. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Question, Questionnaire } from '../../src-main/core/content/schema';
import {
  answerRows,
  answerSections,
  answerText,
  isUnanswered,
  type AnswerWords,
} from '../../src-main/core/content/answer-text';
import { answerText as recordAnswerText } from '../../src-main/core/export/record';
import { languageOf, yesNoOf } from '../../src-main/core/locales/catalog';
import { LOCALES } from '../support/handout';
import { repoRoot } from '../support/core';

const questionnaire = JSON.parse(
  readFileSync(join(repoRoot, 'resources/content/questionnaire.json'), 'utf8'),
) as Questionnaire;
const question = (id: string) => questionnaire.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;
const en = JSON.parse(readFileSync(join(repoRoot, 'resources/locales/en.json'), 'utf8')) as {
  kiosk: Record<string, string>;
};
const words: AnswerWords = {
  yes: en.kiosk['yes']!,
  no: en.kiosk['no']!,
  region: (id) => en.kiosk[`region.${id}`] ?? id,
  unit: (unit) => en.kiosk[`unit.${unit}`] ?? unit,
};

describe('one answer in words', () => {
  it('shows labels, region names and units, never ids', () => {
    expect(answerText(question('pain_regions'), ['outer-hip-right', 'groin-left'], 'en', words)).toBe(
      'Right outer hip, Left groin',
    );
    expect(answerText(question('pain_duration'), '3w_3m', 'en', words)).toBe('3 weeks to 3 months');
    expect(answerText(question('onset'), 'gradual', 'es', words)).toBe(
      question('onset').options!.find((o) => o.id === 'gradual')!.label.es,
    );
    expect(answerText(question('aggravating'), ['walking', 'lying_side'], 'en', words)).not.toMatch(
      /walking|lying_side/,
    );
    expect(answerText(question('recent_birth'), true, 'en', words)).toBe('Yes');
    expect(answerText(question('recent_birth'), false, 'en', words)).toBe('No');
    expect(answerText(question('weight_kg'), 82, 'en', words)).toBe('82 kg');
    expect(answerText(question('pregnancy_weeks'), 28, 'es', words)).toBe('28 semanas');
    expect(answerText(question('previous_pregnancies'), 2, 'en', words)).toBe('2');
    expect(answerText(question('notes'), 'Sore after parkrun', 'en', words)).toBe('Sore after parkrun');
    const since: Question = { id: 'since', type: 'duration', label: { en: 'Since', es: 'Desde' }, required: false };
    expect(answerText(since, { value: 6, unit: 'weeks' }, 'en', words)).toBe('6 weeks');
  });

  it('a scale reads with its anchor where the content has one, else out of its maximum', () => {
    expect(answerText(question('pain_now'), 0, 'en', words)).toBe(`0 (${question('pain_now').anchors!['0']!.en})`);
    expect(answerText(question('pain_now'), 4, 'en', words)).toBe('4 / 10');
  });

  it('an option the questionnaire no longer has shows as its id rather than vanishing', () => {
    expect(answerText(question('onset'), 'teleported', 'en', words)).toBe('teleported');
  });

  it('no value, an empty text and an empty list are unanswered; zero and false are answers', () => {
    for (const v of [undefined, '', []]) expect(isUnanswered(v)).toBe(true);
    for (const v of [0, false, 'x', ['a']]) expect(isUnanswered(v)).toBe(false);
  });
});

describe('rows for a set of answers', () => {
  const answers = {
    age: 36,
    sex: 'male',
    pregnant: 'yes',
    weight_kg: 82,
    pain_regions: ['knee-left'],
    pain_now: 3,
    habits: [],
  };

  it('lists visible answered questions in questionnaire order, in the chosen language', () => {
    const rows = answerRows(questionnaire, answers, 'es', words);
    // "pregnant" is left over from a branch a man never sees; "habits" was left empty.
    expect(rows.map((r) => r.questionId)).toEqual(['age', 'sex', 'weight_kg', 'pain_regions', 'pain_now']);
    expect(rows[1]).toEqual({
      questionId: 'sex',
      question: question('sex').label.es,
      answer: question('sex').options!.find((o) => o.id === 'male')!.label.es,
    });
  });

  it('groups rows by section with the section title, leaving out sections with nothing to show', () => {
    const sections = answerSections(questionnaire, answers, 'en', words);
    expect(sections.map((s) => s.sectionId)).toEqual(['about', 'where', 'pain']);
    expect(sections[1]).toEqual({
      sectionId: 'where',
      title: 'Where it hurts',
      rows: [{ questionId: 'pain_regions', question: question('pain_regions').label.en, answer: 'Left knee' }],
    });
  });

  it(
    'can show visible unanswered questions with a text of its own, and hide questions that still decide what is ' +
      'visible',
    () => {
      const withAge = { ...answers, sex: 'female', pregnant: 'no' };
      const rows = answerRows(questionnaire, withAge, 'en', words, { unanswered: 'Not answered', hide: ['age'] });
      expect(rows.find((r) => r.questionId === 'age')).toBeUndefined();
      expect(rows.find((r) => r.questionId === 'recent_birth')?.answer).toBe('Not answered');
      expect(rows.find((r) => r.questionId === 'habits')?.answer).toBe('Not answered');
      // Every visible question has a row: the pregnancy screen's questions stay hidden after "no".
      expect(rows.some((r) => r.questionId === 'pregnancy_weeks')).toBe(false);
    },
  );
});

describe('the record export speaks through the same function', () => {
  it('with its own words for yes and no, and a dash for nothing', () => {
    const es = yesNoOf(languageOf(LOCALES, 'es'));
    const en = yesNoOf(languageOf(LOCALES, 'en'));
    expect(recordAnswerText(question('recent_birth'), true, 'es', es)).toBe('Sí');
    expect(recordAnswerText(question('pain_now'), 4, 'en', en)).toBe('4 / 10');
    expect(recordAnswerText(question('weight_kg'), 82, 'en', en)).toBe('82 kg');
    expect(recordAnswerText(question('habits'), [], 'en', en)).toBe('—');
    expect(recordAnswerText(undefined, ['a', 'b'], 'en', en)).toBe('a, b');
  });
});
