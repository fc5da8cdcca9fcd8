/** Evaluation of the declarative `Cond` predicates over answers. Pure and browser-safe. */
import type { AnswerValue, Cond, DurationValue } from './schema';
import { DAYS_PER_UNIT } from '../vocabulary';

export type AnswerLookup = (questionId: string) => AnswerValue | undefined;

export function isDuration(v: unknown): v is DurationValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'unit' in v && 'value' in v;
}

/** A number for comparisons: numbers as they are, durations in days; anything else undefined. */
export function numericValue(v: AnswerValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (isDuration(v)) return v.value * DAYS_PER_UNIT[v.unit];
  return undefined;
}

export function bmi(get: AnswerLookup): number | undefined {
  const w = get('weight_kg');
  const h = get('height_cm');
  if (typeof w !== 'number' || typeof h !== 'number' || h <= 0) return undefined;
  const m = h / 100;
  return w / (m * m);
}

function includes(v: AnswerValue | undefined, id: string): boolean {
  if (Array.isArray(v)) return v.includes(id);
  return v === id;
}

export function evalCond(c: Cond, get: AnswerLookup): boolean {
  if ('all' in c) return c.all.every((x) => evalCond(x, get));
  if ('any' in c) return c.any.some((x) => evalCond(x, get));
  if ('not' in c) return !evalCond(c.not, get);
  if ('bmiAtLeast' in c) {
    const b = bmi(get);
    return b !== undefined && b >= c.bmiAtLeast;
  }
  const v = get(c.question);
  if ('answered' in c) return (v !== undefined) === c.answered;
  if (v === undefined) return false;
  if ('equals' in c) return v === c.equals;
  if ('includesAny' in c) return c.includesAny.some((x) => includes(v, x));
  if ('includesAll' in c) return c.includesAll.every((x) => includes(v, x));
  const n = numericValue(v);
  if (n === undefined) return false;
  if ('atLeast' in c) return n >= c.atLeast;
  return n <= c.atMost;
}

/** Compiles a predicate to a closure once, so the engine does not re-inspect its shape per intake. */
export function compileCond(c: Cond): (get: AnswerLookup) => boolean {
  if ('all' in c) {
    const parts = c.all.map(compileCond);
    return (get) => parts.every((p) => p(get));
  }
  if ('any' in c) {
    const parts = c.any.map(compileCond);
    return (get) => parts.some((p) => p(get));
  }
  if ('not' in c) {
    const inner = compileCond(c.not);
    return (get) => !inner(get);
  }
  if ('bmiAtLeast' in c) {
    const t = c.bmiAtLeast;
    return (get) => {
      const b = bmi(get);
      return b !== undefined && b >= t;
    };
  }
  const q = c.question;
  if ('answered' in c) {
    const want = c.answered;
    return (get) => (get(q) !== undefined) === want;
  }
  if ('equals' in c) {
    const e = c.equals;
    return (get) => get(q) === e;
  }
  if ('includesAny' in c) {
    const ids = c.includesAny;
    return (get) => {
      const v = get(q);
      return v !== undefined && ids.some((x) => includes(v, x));
    };
  }
  if ('includesAll' in c) {
    const ids = c.includesAll;
    return (get) => {
      const v = get(q);
      return v !== undefined && ids.every((x) => includes(v, x));
    };
  }
  if ('atLeast' in c) {
    const t = c.atLeast;
    return (get) => {
      const n = numericValue(get(q));
      return n !== undefined && n >= t;
    };
  }
  const t = c.atMost;
  return (get) => {
    const n = numericValue(get(q));
    return n !== undefined && n <= t;
  };
}

/** Question ids a predicate reads, in order of first appearance (bmi reads weight_kg and height_cm). */
export function condQuestions(c: Cond, out: string[] = []): string[] {
  const add = (q: string) => {
    if (!out.includes(q)) out.push(q);
  };
  if ('all' in c) c.all.forEach((x) => condQuestions(x, out));
  else if ('any' in c) c.any.forEach((x) => condQuestions(x, out));
  else if ('not' in c) condQuestions(c.not, out);
  else if ('bmiAtLeast' in c) {
    add('weight_kg');
    add('height_cm');
  } else add(c.question);
  return out;
}

/** True if the predicate (or any part of it) uses `not`. */
export function usesNot(c: Cond): boolean {
  if ('all' in c) return c.all.some(usesNot);
  if ('any' in c) return c.any.some(usesNot);
  return 'not' in c;
}
