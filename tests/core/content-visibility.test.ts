import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src-main/core/content/load';
import { seededRandom, randomAnswers } from '../../src-main/core/content/random-answers';
import { checkAnswers, checkValue, visibleQuestions, visibleSections } from '../../src-main/core/content/visibility';
import type { Question } from '../../src-main/core/content/schema';

const content = loadContent(join(__dirname, '..', '..', 'resources', 'content'));
const q = content.questionnaire;
const ids = (answers: Record<string, unknown>) => visibleQuestions(q, answers).map((x) => x.id);

const base = {
  age: 30,
  sex: 'male',
  pain_regions: ['groin-left'],
  pain_now: 3,
  pain_worst: 5,
  pain_character: ['dull'],
  onset: 'gradual',
  pain_duration: '1_3w',
  aggravating: ['running'],
  runs: 'no',
  health_history: ['none'],
  warning_signs: ['none'],
};

describe('visibleQuestions', () => {
  it('asks about pregnancy only of patients it may apply to, and weeks only when pregnant', () => {
    expect(ids({ ...base })).not.toContain('pregnant');
    expect(ids({ ...base, sex: 'female', age: 70 })).not.toContain('pregnant');
    expect(ids({ ...base, sex: 'female' })).toContain('pregnant');
    expect(ids({ ...base, sex: 'not_say' })).toContain('pregnant');
    expect(ids({ ...base, sex: 'female', pregnant: 'no' })).not.toContain('pregnancy_weeks');
    expect(ids({ ...base, sex: 'female', pregnant: 'no' })).toContain('recent_birth');
    const pregnant = ids({ ...base, sex: 'female', pregnant: 'yes' });
    expect(pregnant).toEqual(expect.arrayContaining(['pregnancy_weeks', 'pregnancy_warning', 'previous_pregnancies']));
    expect(pregnant).not.toContain('recent_birth');
  });

  it('ignores a stale answer from a branch that is now hidden', () => {
    // A male patient cannot reveal pregnancy questions by sending `pregnant: yes`.
    expect(ids({ ...base, pregnant: 'yes' })).not.toContain('pregnancy_weeks');
  });

  it('shows running questions only to runners, and drops sections with nothing visible', () => {
    expect(ids(base)).not.toContain('weekly_km');
    expect(ids({ ...base, runs: 'steady' })).toEqual(expect.arrayContaining(['weekly_km', 'surfaces', 'shoe_age']));
    const sections = visibleSections(q, base).map((s) => s.section.id);
    expect(sections).not.toContain('pregnancy');
    expect(sections).toContain('health');
  });
});

describe('checkAnswers', () => {
  const problems = (a: unknown) => checkAnswers(q, a);
  const at = (a: unknown, path: string) =>
    problems(a)
      .filter((p) => p.path === path)
      .map((p) => p.message);

  it('accepts a complete intake and generated ones', () => {
    expect(problems(base)).toEqual([]);
    for (let seed = 0; seed < 300; seed++) expect(problems(randomAnswers(q, seededRandom(seed)))).toEqual([]);
  });

  it('names unknown questions, options, regions and wrong types', () => {
    expect(at({ ...base, shoe_size: 42 }, 'shoe_size')).toEqual(['unknown question "shoe_size"']);
    expect(at({ ...base, onset: 'yesterday' }, 'onset')[0]).toMatch(
      /unknown option "yesterday" \(expected one of: fall, during_run/,
    );
    expect(at({ ...base, pain_regions: ['groin-left', 'elbow-left'] }, 'pain_regions[1]')).toEqual([
      'unknown body region "elbow-left"',
    ]);
    expect(at({ ...base, pain_now: '7' }, 'pain_now')).toEqual(['expected a whole number, got string "7"']);
    expect(at({ ...base, pain_now: 11 }, 'pain_now')).toEqual(['11 is above the maximum 10']);
    expect(at({ ...base, sex: 'female', pregnant: 'no', recent_birth: 'yes' }, 'recent_birth')).toEqual([
      'expected true or false, got string "yes"',
    ]);
    expect(at({ ...base, runs: true }, 'runs')).toEqual(['expected one option id, got boolean true']);
    expect(at({ ...base, age: 30.5 }, 'age')).toEqual(['expected a whole number, got 30.5']);
    expect(at({ ...base, aggravating: ['running', 'running'] }, 'aggravating[1]')).toEqual([
      '"running" is listed twice',
    ]);
    expect(at({ ...base, warning_signs: ['none', 'calf'] }, 'warning_signs')).toEqual([
      '"none" cannot be combined with other choices',
    ]);
  });

  it('checks a duration (a type content may use) for its amount, range and unit', () => {
    const since: Question = {
      id: 'since',
      type: 'duration',
      label: { en: 'Since', es: 'Desde' },
      required: true,
      min: 0,
      max: 100,
    };
    expect(checkValue(since, { value: 6, unit: 'weeks' })).toEqual([]);
    expect(checkValue(since, { value: 2, unit: 'fortnights' }).map((p) => p.message)[0]).toMatch(
      /unit must be one of days, weeks, months, years/,
    );
    expect(checkValue(since, { value: 101, unit: 'days' }).map((p) => p.path)).toEqual(['since.value']);
    expect(checkValue(since, 6)[0]?.message).toMatch(/expected \{ value, unit \}/);
  });

  it('rejects answers to hidden questions and missing required visible ones', () => {
    expect(at({ ...base, pregnancy_weeks: 20 }, 'pregnancy_weeks')).toEqual([
      'answered, but this question is hidden by earlier answers',
    ]);
    expect(at({ ...base, sex: 'female' }, 'pregnant')).toEqual(['required question not answered']);
    expect(at({ ...base, sex: 'female', pregnant: 'yes' }, 'pregnancy_weeks')).toEqual([
      'required question not answered',
    ]);
    const { pain_regions: _, ...noRegions } = base;
    expect(at(noRegions, 'pain_regions')).toEqual(['required question not answered']);
  });

  it('rejects things that are not an answers object', () => {
    for (const bad of [null, 3, 'x', [base]])
      expect(problems(bad)[0]!.message).toMatch(/answers must be an object keyed by question id/);
  });
});
