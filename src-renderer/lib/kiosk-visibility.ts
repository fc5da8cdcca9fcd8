/**
 * Which questions the kiosk shows: the same rule as src-main/core/content/visibility.ts `visibleSections`, written
 * again here over types only. The content modules import zod-built values (schema.ts), and importing them would
 * put zod in the kiosk bundle and double its start-up script. tests/unit/kiosk-visibility.test.ts checks this
 * copy against the content module on thousands of generated intakes, so the two cannot drift apart unnoticed.
 */
import type { AnswerValue, Cond, DurationUnit, Question, Questionnaire, Section } from '../../src-main/core/content/schema';

const DAYS: Record<DurationUnit, number> = { days: 1, weeks: 7, months: 30.44, years: 365.25 };
type Get = (id: string) => AnswerValue | undefined;

function numeric(v: AnswerValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v.value * DAYS[v.unit];
  return undefined;
}

function includes(v: AnswerValue, id: string): boolean {
  return Array.isArray(v) ? v.includes(id) : v === id;
}

export function kioskEvalCond(c: Cond, get: Get): boolean {
  if ('all' in c) return c.all.every((x) => kioskEvalCond(x, get));
  if ('any' in c) return c.any.some((x) => kioskEvalCond(x, get));
  if ('not' in c) return !kioskEvalCond(c.not, get);
  if ('bmiAtLeast' in c) {
    const w = get('weight_kg');
    const h = get('height_cm');
    if (typeof w !== 'number' || typeof h !== 'number' || h <= 0) return false;
    return w / (h / 100) ** 2 >= c.bmiAtLeast;
  }
  const v = get(c.question);
  if ('answered' in c) return (v !== undefined) === c.answered;
  if (v === undefined) return false;
  if ('equals' in c) return v === c.equals;
  if ('includesAny' in c) return c.includesAny.some((x) => includes(v, x));
  if ('includesAll' in c) return c.includesAll.every((x) => includes(v, x));
  const n = numeric(v);
  if (n === undefined) return false;
  return 'atLeast' in c ? n >= c.atLeast : n <= c.atMost;
}

/** Sections with their visible questions, in order; a showIf reads only answers to questions shown before it. */
export function kioskVisibleSections(
  questionnaire: Questionnaire,
  answers: Readonly<Record<string, unknown>>,
): { section: Section; questions: Question[] }[] {
  const seen = new Map<string, AnswerValue>();
  const get: Get = (id) => seen.get(id);
  const out: { section: Section; questions: Question[] }[] = [];
  for (const section of questionnaire.sections) {
    const questions: Question[] = [];
    for (const q of section.questions) {
      if (q.showIf && !kioskEvalCond(q.showIf, get)) continue;
      questions.push(q);
      const a = answers[q.id];
      if (a !== undefined) seen.set(q.id, a as AnswerValue);
    }
    if (questions.length > 0) out.push({ section, questions });
  }
  return out;
}
