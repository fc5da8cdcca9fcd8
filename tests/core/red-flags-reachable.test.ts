/**
 * Every red flag can be reached by a patient who answers truthfully: for each way a trigger can hold (each branch
 * of its rule written out as a list of plain answer tests), build one consistent set of answers from the rule alone,
 * make the questions it needs visible the way the kiosk would (by answering the questions that reveal them), fill the
 * rest as a patient with nothing to report would, and check the result passes the questionnaire's own checks and
 * fires the flag. A branch that cannot be built (two tests wanting different answers to one question, an answer the
 * questionnaire hides for that story, "none of these" plus a sign) is a flag no truthful patient can raise.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalCond } from '../../src-main/core/content/cond';
import { loadContent } from '../../src-main/core/content/load';
import type { AnswerValue, Cond, IntakeAnswers, Question } from '../../src-main/core/content/schema';
import { checkAnswers, visibleQuestions } from '../../src-main/core/content/visibility';
import { triage } from '../../src-main/core/triage/engine';

const content = loadContent(join(__dirname, '..', '..', 'resources', 'content'));
const questions = new Map<string, Question>(
  content.questionnaire.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)),
);

type Leaf = Exclude<Cond, { all: Cond[] } | { any: Cond[] } | { not: Cond }>;

/** The rule as alternatives, each a list of leaf tests that must all hold (disjunctive normal form). */
function branches(c: Cond): Leaf[][] {
  if ('all' in c)
    return c.all.map(branches).reduce<Leaf[][]>((acc, next) => acc.flatMap((a) => next.map((b) => [...a, ...b])), [[]]);
  if ('any' in c) return c.any.flatMap(branches);
  if ('not' in c) throw new Error('red-flag rules never use "not" (the loader refuses it)');
  return [[c]];
}

/** A patient with nothing to report: the answer given to a required question no rule asked about. */
const PLAIN: Record<string, AnswerValue> = {
  age: 40,
  sex: 'male',
  pregnancy_weeks: 12,
  weeks_since_birth: 10,
  pain_regions: ['outer-hip-right'],
};
function plainAnswer(q: Question): AnswerValue | undefined {
  if (q.id in PLAIN) return PLAIN[q.id];
  const options = q.options ?? [];
  switch (q.type) {
    case 'single':
      return (options.find((o) => o.id === 'unsure') ?? options[options.length - 1])?.id;
    case 'multi':
      return [(options.find((o) => o.exclusive) ?? options[0])!.id];
    case 'scale':
      return q.min ?? 0;
    case 'number':
      return q.min ?? 0;
    case 'yesno':
      return false;
    default:
      return undefined;
  }
}

/** Numbers a branch asks of one question, as a range. */
type Ranges = Map<string, { lo: number; hi: number }>;
/** The options of a single-choice question the story still allows (reset per built story). */
const choices = new Map<string, string[]>();

/** Applies leaf tests to answers; returns false when one contradicts an answer already fixed by the story. */
function apply(leaves: Leaf[], answers: IntakeAnswers, fixed: Set<string>, ranges: Ranges): boolean {
  for (const leaf of leaves) {
    if ('bmiAtLeast' in leaf) {
      answers.height_cm = 170;
      answers.weight_kg = Math.ceil(leaf.bmiAtLeast * 1.7 * 1.7);
      continue;
    }
    const q = questions.get(leaf.question)!;
    const current = answers[q.id];
    if ('equals' in leaf) {
      if (fixed.has(q.id) && current !== leaf.equals && !choices.get(q.id)?.includes(leaf.equals as string))
        return false;
      answers[q.id] = leaf.equals;
      if (typeof leaf.equals === 'string') choices.set(q.id, [leaf.equals]);
    } else if ('includesAny' in leaf || 'includesAll' in leaf) {
      const wanted = 'includesAny' in leaf ? leaf.includesAny : leaf.includesAll;
      if (q.type === 'single') {
        // One option only: the story's choices so far narrowed to the ones this test accepts.
        const before = fixed.has(q.id) ? (choices.get(q.id) ?? [current as string]) : wanted;
        const left = before.filter((id) => wanted.includes(id));
        if (left.length === 0 || ('includesAll' in leaf && wanted.length > 1)) return false;
        choices.set(q.id, left);
        answers[q.id] = left[0]!;
      } else {
        const list = fixed.has(q.id) && Array.isArray(current) ? [...current] : [];
        const exclusive = new Set((q.options ?? []).filter((o) => o.exclusive).map((o) => o.id));
        const adding = 'includesAny' in leaf ? (wanted.some((w) => list.includes(w)) ? [] : [wanted[0]!]) : wanted;
        for (const id of adding) if (!list.includes(id)) list.push(id);
        if (list.some((id) => exclusive.has(id)) && list.length > 1) return false;
        answers[q.id] = list;
      }
    } else if ('atLeast' in leaf || 'atMost' in leaf) {
      const r = ranges.get(q.id) ?? { lo: q.min ?? 0, hi: q.max ?? Number.MAX_SAFE_INTEGER };
      if ('atLeast' in leaf) r.lo = Math.max(r.lo, leaf.atLeast);
      else r.hi = Math.min(r.hi, leaf.atMost);
      if (r.lo > r.hi) return false;
      ranges.set(q.id, r);
      answers[q.id] = r.lo;
    } else if ('answered' in leaf) {
      if (!leaf.answered) return false;
      if (answers[q.id] === undefined) answers[q.id] = plainAnswer(q)!;
    }
    fixed.add(q.id);
  }
  return true;
}

/** Makes every answered question visible by answering what reveals it, then fills required visible questions. */
function complete(answers: IntakeAnswers, fixed: Set<string>, ranges: Ranges): IntakeAnswers | undefined {
  for (let round = 0; round < 10; round++) {
    let changed = false;
    const visible = new Set(visibleQuestions(content.questionnaire, answers).map((q) => q.id));
    for (const id of Object.keys(answers)) {
      const q = questions.get(id)!;
      if (visible.has(id) || !q.showIf) continue;
      const ways = branches(q.showIf);
      const way = ways.find((leaves) => {
        const trial = structuredClone(answers);
        return apply(leaves, trial, new Set(fixed), new Map([...ranges].map(([k, v]) => [k, { ...v }])));
      });
      if (!way || !apply(way, answers, fixed, ranges)) return undefined;
      changed = true;
    }
    for (const q of visibleQuestions(content.questionnaire, answers)) {
      if (answers[q.id] !== undefined || !q.required) continue;
      const plain = plainAnswer(q);
      if (plain === undefined) return undefined;
      answers[q.id] = plain;
      changed = true;
    }
    if (!changed) return answers;
  }
  return undefined;
}

const cases = content.redFlags.flatMap((flag) =>
  flag.triggers.flatMap((t, ti) =>
    branches(t.when).map((leaves, bi) => ({ flag: flag.id, name: `${flag.id} trigger ${ti} branch ${bi}`, leaves })),
  ),
);

/** Flags a strong condition score raises: the story is that condition's supporting evidence, as much as fits. */
const strongCases = content.redFlags.flatMap((flag) =>
  (flag.strongMatch ?? []).map((conditionId) => ({
    flag: flag.id,
    name: `${flag.id} strong ${conditionId}`,
    conditionId,
  })),
);

describe('every red flag can be raised by truthful answers', () => {
  it('covers every red flag', () => {
    expect(new Set([...cases, ...strongCases].map((c) => c.flag))).toEqual(new Set(content.redFlags.map((f) => f.id)));
  });

  it.each(strongCases.map((c) => [c.name, c] as const))('%s', (_name, { flag, conditionId }) => {
    choices.clear();
    const answers: IntakeAnswers = {};
    const fixed = new Set<string>();
    const ranges: Ranges = new Map();
    const condition = content.conditions.find((c) => c.id === conditionId)!;
    // Strongest evidence first; an item that contradicts the story so far is left out, as a truthful patient would.
    for (const e of [...condition.evidence].sort((a, b) => b.weight - a.weight)) {
      if (e.weight <= 0) continue;
      const leaves = branches(e.when)[0]!;
      const trial = structuredClone(answers);
      const trialFixed = new Set(fixed);
      const trialRanges: Ranges = new Map([...ranges].map(([k, v]) => [k, { ...v }]));
      const saved = new Map(choices);
      const fits = apply(leaves, trial, trialFixed, trialRanges);
      choices.clear();
      for (const [k, v] of saved) choices.set(k, v);
      if (fits) apply(leaves, answers, fixed, ranges);
    }
    const built = complete(answers, fixed, ranges);
    expect(built, 'the evidence cannot all be shown to one patient').toBeDefined();
    expect(checkAnswers(content.questionnaire, built)).toEqual([]);
    const r = triage(content, built!);
    expect(r.suggestions.find((s) => s.conditionId === conditionId)?.strength).toBe('strong');
    expect(r.redFlags.map((f) => f.id)).toContain(flag);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { flag, leaves }) => {
    choices.clear();
    const answers: IntakeAnswers = {};
    const fixed = new Set<string>();
    const ranges: Ranges = new Map();
    expect(apply(leaves, answers, fixed, ranges), 'the rule contradicts itself').toBe(true);
    const built = complete(answers, fixed, ranges);
    expect(built, 'the questions this rule reads cannot all be shown to one patient').toBeDefined();
    expect(checkAnswers(content.questionnaire, built)).toEqual([]);
    // Filling in the story must not have changed what the rule reads.
    expect(leaves.every((leaf) => evalCond(leaf, (q) => built![q]))).toBe(true);
    expect(triage(content, built!).redFlags.map((f) => f.id)).toContain(flag);
  });

  it.each([
    [
      'a man with a pregnancy warning sign',
      [
        { question: 'sex', equals: 'male' },
        { question: 'pregnancy_warning', includesAny: ['bleeding'] },
      ],
    ],
    ['"none of these" with a warning sign', [{ question: 'warning_signs', includesAll: ['none', 'calf'] }]],
    [
      'an adolescent of 65',
      [
        { question: 'age', atMost: 17 },
        { question: 'age', atLeast: 65 },
      ],
    ],
    [
      'a fall that was gradual',
      [
        { question: 'onset', equals: 'gradual' },
        { question: 'onset', includesAny: ['fall'] },
      ],
    ],
  ] as [string, Leaf[]][])('the builder refuses a story that contradicts itself: %s', (_name, leaves) => {
    choices.clear();
    const answers: IntakeAnswers = {};
    const fixed = new Set<string>();
    const ranges: Ranges = new Map();
    const built = apply(leaves, answers, fixed, ranges) ? complete(answers, fixed, ranges) : undefined;
    expect(built === undefined || checkAnswers(content.questionnaire, built).length > 0).toBe(true);
  });

  it('a patient with nothing to report raises no red flag (the builder is not what fires them)', () => {
    choices.clear();
    const built = complete({}, new Set(), new Map());
    expect(checkAnswers(content.questionnaire, built)).toEqual([]);
    expect(triage(content, built!).redFlags).toEqual([]);
  });
});
