import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { condQuestions } from '../../src-main/core/content/cond';
import { loadContent, parseContent } from '../../src-main/core/content/load';
import { randomAnswers, seededRandom } from '../../src-main/core/content/random-answers';
import type { Cond, IntakeAnswers, Question } from '../../src-main/core/content/schema';
import { CONTENT_FILES, urgencyOrder } from '../../src-main/core/content/schema';
import { LOCALES } from '../support/handout';
import { checkAnswers } from '../../src-main/core/content/visibility';
import { MAX_SUGGESTIONS, POSSIBLE_AT, STRONG_AT, triage } from '../../src-main/core/triage/engine';

const DIR = join(__dirname, '..', '..', 'resources', 'content');
const content = loadContent(DIR);
const questions = content.questionnaire.sections.flatMap((s) => s.questions);
const byId = new Map(questions.map((q) => [q.id, q]));

/** Valid intakes, reproducible from an integer seed. */
const intake = fc.integer().map((seed) => randomAnswers(content.questionnaire, seededRandom(seed)));

/** Every (multi-choice question, option) a red-flag trigger reads: the "red-flag answers" a patient can add. */
function leafOptions(c: Cond, out: [string, string][]): [string, string][] {
  if ('all' in c) c.all.forEach((x) => leafOptions(x, out));
  else if ('any' in c) c.any.forEach((x) => leafOptions(x, out));
  else if ('includesAny' in c || 'includesAll' in c) {
    const list = 'includesAny' in c ? c.includesAny : c.includesAll;
    if (byId.get(c.question)?.type === 'multi') for (const o of list) out.push([c.question, o]);
  }
  return out;
}
const redFlagAnswers = [
  ...new Map(
    content.redFlags.flatMap((f) => f.triggers.flatMap((t) => leafOptions(t.when, []))).map((p) => [p.join('/'), p]),
  ).values(),
];

describe('triage properties', () => {
  it('is deterministic: same answers, same result, whether compiled fresh or cached', () => {
    const files: Record<string, unknown> = {};
    for (const name of CONTENT_FILES) files[name] = JSON.parse(readFileSync(join(DIR, name), 'utf8'));
    const other = parseContent(files, LOCALES); // a separate Content object: compiled separately
    fc.assert(
      fc.property(intake, (a) => {
        const first = triage(content, a);
        expect(triage(content, structuredClone(a))).toEqual(first);
        expect(triage(other, a)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its invariants: at most five ranked suggestions, consistent strength, urgency = most urgent flag', () => {
    fc.assert(
      fc.property(intake, (a) => {
        const r = triage(content, a);
        expect(r.suggestions.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
        r.suggestions.forEach((s, i) => {
          expect(s.score).toBeGreaterThanOrEqual(POSSIBLE_AT);
          expect(s.strength).toBe(s.score >= STRONG_AT ? 'strong' : 'possible');
          if (i > 0) expect(s.score).toBeLessThanOrEqual(r.suggestions[i - 1]!.score);
        });
        expect(r.noStrongMatch).toBe(!r.suggestions.some((s) => s.strength === 'strong'));
        // urgencyOrder: 0 is the most urgent, so the overall urgency is the smallest order among the flags.
        const most = r.redFlags.reduce((m, f) => Math.min(m, urgencyOrder(f.urgency)), urgencyOrder('routine'));
        expect(urgencyOrder(r.urgency)).toBe(most);
        expect(r.contentVersion).toBe(content.version);
      }),
      { numRuns: 500 },
    );
  });

  it('adding any red-flag answer never lowers urgency or removes a flag', () => {
    expect(redFlagAnswers.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(intake, fc.constantFrom(...redFlagAnswers), (a, [qid, option]) => {
        const q = byId.get(qid)!;
        const current = a[qid];
        fc.pre(Array.isArray(current)); // the question is visible and answered in this intake
        const exclusive = new Set((q.options ?? []).filter((o) => o.exclusive).map((o) => o.id));
        const added: IntakeAnswers = {
          ...a,
          [qid]: [...new Set([...(current as string[]).filter((x) => !exclusive.has(x)), option])],
        };
        expect(checkAnswers(content.questionnaire, added)).toEqual([]);
        const before = triage(content, a);
        const after = triage(content, added);
        expect(urgencyOrder(after.urgency)).toBeLessThanOrEqual(urgencyOrder(before.urgency));
        const afterIds = after.redFlags.map((f) => f.id);
        for (const f of before.redFlags) expect(afterIds).toContain(f.id);
      }),
      { numRuns: 1000 },
    );
  });

  it('a red flag fires for the answers it names, whatever else was answered', () => {
    // Each single-option trigger (e.g. calf pain) fires on top of any valid intake where its question is shown.
    const single = content.redFlags.flatMap((f) =>
      f.triggers
        .filter((t) => 'includesAny' in t.when)
        .map((t) => [f.id, t.when as { question: string; includesAny: string[] }] as const),
    );
    fc.assert(
      fc.property(intake, fc.constantFrom(...single), (a, [flagId, when]) => {
        fc.pre(Array.isArray(a[when.question]));
        const added = { ...a, [when.question]: [when.includesAny[0]!] };
        expect(triage(content, added).redFlags.map((f) => f.id)).toContain(flagId);
      }),
      { numRuns: 300 },
    );
  });
});

describe('malformed answers are rejected with a clear message', () => {
  const visibleAnswered = (a: IntakeAnswers) => Object.keys(a).map((id) => byId.get(id)!);

  /** True when a value is obviously not acceptable for the question's type. */
  function wrongFor(q: Question, v: unknown): boolean {
    if (v === undefined) return false; // the same as not answering (JSON cannot carry undefined)
    switch (q.type) {
      case 'yesno':
        return typeof v !== 'boolean';
      case 'single':
        return typeof v !== 'string' || !(q.options ?? []).some((o) => o.id === v);
      case 'scale':
        return typeof v !== 'number' || !Number.isInteger(v) || v < (q.min ?? 0) || v > (q.max ?? 10);
      case 'number':
        return (
          typeof v !== 'number' ||
          !Number.isFinite(v) ||
          (q.min !== undefined && v < q.min) ||
          (q.max !== undefined && v > q.max)
        );
      case 'multi':
      case 'bodymap':
      case 'text':
        return q.type === 'text' ? typeof v !== 'string' : !Array.isArray(v);
      case 'duration':
        return typeof v !== 'object' || v === null || Array.isArray(v);
    }
  }

  it('a wrong value for any question is reported at that question', () => {
    fc.assert(
      fc.property(intake, fc.nat(), fc.anything(), (a, i, junk) => {
        const qs = visibleAnswered(a);
        const q = qs[i % qs.length]!;
        fc.pre(wrongFor(q, junk));
        const problems = checkAnswers(content.questionnaire, { ...a, [q.id]: junk });
        expect(
          problems.some((p) => p.path === q.id || p.path.startsWith(`${q.id}.`) || p.path.startsWith(`${q.id}[`)),
        ).toBe(true);
        for (const p of problems) expect(p.message.length).toBeGreaterThan(5);
      }),
      { numRuns: 1000 },
    );
  });

  it('an unknown question id is named', () => {
    fc.assert(
      fc.property(intake, fc.string({ minLength: 1 }), fc.anything(), (a, key, junk) => {
        fc.pre(!byId.has(key) && !(key in Object.prototype));
        const problems = checkAnswers(content.questionnaire, { ...a, [key]: junk });
        expect(problems).toContainEqual({ path: key, message: `unknown question "${key}"` });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.dictionary(fc.constantFrom(...byId.keys(), 'x', '__proto__'), fc.anything()),
        (x, dict) => {
          expect(Array.isArray(checkAnswers(content.questionnaire, x))).toBe(true);
          expect(checkAnswers(content.questionnaire, dict).length).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the reasons name the questions that produced them', () => {
    fc.assert(
      fc.property(intake, (a) => {
        const r = triage(content, a);
        for (const s of r.suggestions) {
          const cond = content.conditions.find((c) => c.id === s.conditionId)!;
          const read = new Set(cond.evidence.flatMap((e) => condQuestions(e.when)));
          for (const reason of [...s.reasons, ...s.against]) expect(read.has(reason.questionId)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
