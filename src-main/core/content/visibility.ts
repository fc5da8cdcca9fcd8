/** Which questions a patient sees, and whether a set of answers fits the questionnaire. Pure, browser-safe. */
import { compileCond, isDuration, type AnswerLookup } from './cond';
import type { AnswerValue, Question, Questionnaire, Section } from './schema';
import { BODY_REGIONS, DURATION_UNITS } from '../vocabulary';

export interface AnswerProblem {
  path: string;
  message: string;
}

const DEFAULT_TEXT_MAX = 1000;
const REGION_SET = new Set<string>(BODY_REGIONS);

// Content is loaded once and never changed: each question's condition is compiled once, and each questionnaire's
// questions are listed by id once, instead of on every intake checked (the hub checks every submit).
const showIfTests = new WeakMap<Question, (get: AnswerLookup) => boolean>();
const questionsById = new WeakMap<Questionnaire, ReadonlyMap<string, Question>>();

function isShown(q: Question, get: AnswerLookup): boolean {
  if (!q.showIf) return true;
  let test = showIfTests.get(q);
  if (!test) showIfTests.set(q, (test = compileCond(q.showIf)));
  return test(get);
}

function byIdOf(questionnaire: Questionnaire): ReadonlyMap<string, Question> {
  let byId = questionsById.get(questionnaire);
  if (!byId) {
    const map = new Map<string, Question>();
    for (const s of questionnaire.sections) for (const q of s.questions) map.set(q.id, q);
    questionsById.set(questionnaire, (byId = map));
  }
  return byId;
}

/**
 * Questions visible for these answers, in questionnaire order. A question's `showIf` reads only answers to
 * questions that are themselves visible, so an answer left over from a hidden branch changes nothing.
 */
export function visibleQuestions(questionnaire: Questionnaire, answers: Readonly<Record<string, unknown>>): Question[] {
  const shown: Question[] = [];
  const seen = new Map<string, AnswerValue>();
  const get = (q: string) => seen.get(q);
  for (const section of questionnaire.sections) {
    for (const q of section.questions) {
      if (!isShown(q, get)) continue;
      shown.push(q);
      const a = answers[q.id];
      if (a !== undefined) seen.set(q.id, a as AnswerValue);
    }
  }
  return shown;
}

/** Sections with at least one visible question (a kiosk shows one section per screen). */
export function visibleSections(
  questionnaire: Questionnaire,
  answers: Readonly<Record<string, unknown>>,
): { section: Section; questions: Question[] }[] {
  const visible = new Set(visibleQuestions(questionnaire, answers).map((q) => q.id));
  return questionnaire.sections
    .map((section) => ({ section, questions: section.questions.filter((q) => visible.has(q.id)) }))
    .filter((s) => s.questions.length > 0);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function checkRange(q: Question, n: number, path: string, out: AnswerProblem[]): void {
  if (q.min !== undefined && n < q.min) out.push({ path, message: `${n} is below the minimum ${q.min}` });
  if (q.max !== undefined && n > q.max) out.push({ path, message: `${n} is above the maximum ${q.max}` });
}

/** Problems with one answer value for one question; empty when it fits. */
export function checkValue(q: Question, v: unknown, path = q.id): AnswerProblem[] {
  const out: AnswerProblem[] = [];
  const optionIds = new Set((q.options ?? []).map((o) => o.id));
  switch (q.type) {
    case 'single':
      if (typeof v !== 'string') out.push({ path, message: `expected one option id, got ${describe(v)}` });
      else if (!optionIds.has(v))
        out.push({ path, message: `unknown option "${v}" (expected one of: ${[...optionIds].join(', ')})` });
      break;
    case 'multi':
    case 'bodymap': {
      const allowed = q.type === 'bodymap' ? REGION_SET : optionIds;
      const what = q.type === 'bodymap' ? 'body region' : 'option';
      if (!Array.isArray(v)) {
        out.push({ path, message: `expected a list of ${what} ids, got ${describe(v)}` });
        break;
      }
      const seen = new Set<string>();
      v.forEach((x: unknown, i) => {
        const p = `${path}[${i}]`;
        if (typeof x !== 'string') out.push({ path: p, message: `expected a ${what} id, got ${describe(x)}` });
        else if (!allowed.has(x)) out.push({ path: p, message: `unknown ${what} "${x}"` });
        else if (seen.has(x)) out.push({ path: p, message: `"${x}" is listed twice` });
        else seen.add(x);
      });
      const exclusive = (q.options ?? []).filter((o) => o.exclusive && seen.has(o.id));
      if (exclusive.length > 0 && seen.size > 1)
        out.push({ path, message: `"${exclusive[0]!.id}" cannot be combined with other choices` });
      if (q.required && v.length === 0) out.push({ path, message: 'choose at least one' });
      break;
    }
    case 'scale':
      if (typeof v !== 'number' || !Number.isInteger(v))
        out.push({ path, message: `expected a whole number, got ${describe(v)}` });
      else checkRange({ ...q, min: q.min ?? 0, max: q.max ?? 10 }, v, path, out);
      break;
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        out.push({ path, message: `expected a number, got ${describe(v)}` });
        break;
      }
      const scale = 10 ** (q.decimals ?? 0);
      if (Math.abs(Math.round(v * scale) - v * scale) > 1e-9)
        out.push({
          path,
          message: q.decimals ? `at most ${q.decimals} decimal places` : `expected a whole number, got ${v}`,
        });
      checkRange(q, v, path, out);
      break;
    }
    case 'duration':
      if (!isDuration(v) || Object.keys(v as object).length !== 2) {
        out.push({ path, message: `expected { value, unit }, got ${describe(v)}` });
        break;
      }
      if (typeof v.value !== 'number' || !Number.isFinite(v.value) || v.value < 0)
        out.push({ path: `${path}.value`, message: `expected a number of 0 or more, got ${describe(v.value)}` });
      else checkRange(q, v.value, `${path}.value`, out);
      if (!(DURATION_UNITS as readonly unknown[]).includes(v.unit))
        out.push({
          path: `${path}.unit`,
          message: `unit must be one of ${DURATION_UNITS.join(', ')}, got ${describe(v.unit)}`,
        });
      break;
    case 'yesno':
      if (typeof v !== 'boolean') out.push({ path, message: `expected true or false, got ${describe(v)}` });
      break;
    case 'text': {
      const max = q.maxLength ?? DEFAULT_TEXT_MAX;
      if (typeof v !== 'string') out.push({ path, message: `expected text, got ${describe(v)}` });
      else if (v.length > max) out.push({ path, message: `text is longer than ${max} characters` });
      break;
    }
  }
  return out;
}

/**
 * Everything wrong with a set of answers: not an object, unknown question ids, wrong types or values,
 * answers to questions hidden by earlier answers, and required visible questions left unanswered (unless
 * `unansweredAllowed`: then every question counts as optional, as after an emergency answer).
 * An empty list means the answers can be stored and triaged.
 */
export function checkAnswers(
  questionnaire: Questionnaire,
  answers: unknown,
  options: { unansweredAllowed?: boolean } = {},
): AnswerProblem[] {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers))
    return [{ path: '', message: `answers must be an object keyed by question id, got ${describe(answers)}` }];
  const record = answers as Record<string, unknown>;
  const byId = byIdOf(questionnaire);
  const out: AnswerProblem[] = [];
  for (const key of Object.keys(record)) {
    if (!byId.has(key)) out.push({ path: key, message: `unknown question "${key}"` });
  }
  const visible = new Set(visibleQuestions(questionnaire, record).map((q) => q.id));
  for (const [qid, q] of byId) {
    const has = Object.prototype.hasOwnProperty.call(record, qid) && record[qid] !== undefined;
    if (!visible.has(qid)) {
      if (has) out.push({ path: qid, message: 'answered, but this question is hidden by earlier answers' });
      continue;
    }
    const required = q.required && !options.unansweredAllowed;
    if (!has) {
      if (required) out.push({ path: qid, message: 'required question not answered' });
      continue;
    }
    out.push(...checkValue(required === q.required ? q : { ...q, required }, record[qid]));
  }
  return out;
}
