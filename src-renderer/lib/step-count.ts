/**
 * How many questionnaire screens a patient may still see, counted so that answering a question never changes the
 * count on the screen they are on. Answers on screens the patient has left are known; questions on this screen and
 * later ones could still take any answer, so a screen is counted while its showIf might still come true (three-valued
 * logic over the Cond language: true, false, or not known yet). Moving on can then only take screens off the count
 * ("3 of 8" after "2 of 9" once a patient said they are not pregnant), never add one. Pure and zod-free.
 */
import { evalCond, type AnswerLookup } from '../../src-main/core/content/cond';
import type { AnswerValue, Cond, Questionnaire } from '../../src-main/core/content/schema';

/** undefined: not known yet. */
type Tri = boolean | undefined;

function and(parts: Tri[]): Tri {
  if (parts.includes(false)) return false;
  return parts.includes(undefined) ? undefined : true;
}
function or(parts: Tri[]): Tri {
  if (parts.includes(true)) return true;
  return parts.includes(undefined) ? undefined : false;
}

function tri(c: Cond, get: AnswerLookup, open: (questionId: string) => boolean): Tri {
  if ('all' in c) return and(c.all.map((x) => tri(x, get, open)));
  if ('any' in c) return or(c.any.map((x) => tri(x, get, open)));
  if ('not' in c) {
    const inner = tri(c.not, get, open);
    return inner === undefined ? undefined : !inner;
  }
  if ('bmiAtLeast' in c) return open('weight_kg') || open('height_cm') ? undefined : evalCond(c, get);
  return open(c.question) ? undefined : evalCond(c, get);
}

export interface StepCountInput {
  questionnaire: Questionnaire;
  answers: Readonly<Record<string, AnswerValue | undefined>>;
  /** Sections the patient has left behind (their answers are settled). */
  settledSections: ReadonlySet<string>;
  /** Questions answered outside the questionnaire's screens and settled already (age, from the date of birth). */
  settledQuestions: ReadonlySet<string>;
  /** Questions never shown as a screen of their own (the derived age). */
  hiddenQuestions: ReadonlySet<string>;
}

/** The ids of the sections that are shown, or may still be shown, in questionnaire order. */
export function possibleSections(input: StepCountInput): string[] {
  const { questionnaire, answers, settledSections, settledQuestions, hiddenQuestions } = input;
  const seen = new Map<string, AnswerValue>();
  const openQuestions = new Set<string>();
  const get: AnswerLookup = (q) => seen.get(q);
  const open = (q: string) => openQuestions.has(q);
  const out: string[] = [];
  for (const section of questionnaire.sections) {
    const settled = settledSections.has(section.id);
    let counted = false;
    for (const q of section.questions) {
      const shown: Tri = q.showIf ? tri(q.showIf, get, open) : true;
      if (shown === false) continue;
      if (!hiddenQuestions.has(q.id)) counted = true;
      const a = answers[q.id];
      if ((settled || settledQuestions.has(q.id)) && shown === true) {
        if (a !== undefined) seen.set(q.id, a);
      } else openQuestions.add(q.id);
    }
    if (counted) out.push(section.id);
  }
  return out;
}
