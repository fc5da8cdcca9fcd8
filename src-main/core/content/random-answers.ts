/**
 * Generates random but valid intakes for a questionnaire (benchmarks, property and fuzz tests).
 * Pure and deterministic for a given random source; the result always passes checkAnswers.
 */
import { evalCond } from './cond';
import type { AnswerValue, IntakeAnswers, Question, Questionnaire } from './schema';
import { BODY_REGIONS, DURATION_UNITS } from './schema';

export type Random = () => number;

/** Small seeded PRNG (mulberry32): same seed, same sequence. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function subset(r: Random, ids: readonly string[], atLeastOne: boolean, p = 0.25): string[] {
  const out = ids.filter(() => r() < p);
  if (atLeastOne && out.length === 0) out.push(pick(r, ids));
  return out;
}

function randomValue(q: Question, r: Random): AnswerValue {
  const options = q.options ?? [];
  switch (q.type) {
    case 'single':
      return pick(r, options).id;
    case 'multi': {
      const exclusive = options.filter((o) => o.exclusive).map((o) => o.id);
      const normal = options.filter((o) => !o.exclusive).map((o) => o.id);
      if (exclusive.length > 0 && r() < 0.4) return [pick(r, exclusive)];
      return subset(r, normal, q.required, 0.2);
    }
    case 'bodymap':
      return subset(r, BODY_REGIONS, q.required, 0.15);
    case 'scale':
      return int(r, q.min ?? 0, q.max ?? 10);
    case 'number': {
      const lo = q.min ?? 0;
      const hi = q.max ?? lo + 100;
      return int(r, Math.ceil(lo), Math.floor(hi));
    }
    case 'duration': {
      const value = int(r, Math.max(0, Math.ceil(q.min ?? 0)), Math.min(24, Math.floor(q.max ?? 24)));
      return { value, unit: pick(r, DURATION_UNITS) };
    }
    case 'yesno':
      return r() < 0.5;
    case 'text':
      return r() < 0.5 ? '' : 'Some notes for the physiotherapist.';
  }
}

/** A valid intake: every visible required question answered, optional ones sometimes, hidden ones never. */
export function randomAnswers(questionnaire: Questionnaire, r: Random): IntakeAnswers {
  const answers: IntakeAnswers = {};
  const get = (id: string) => answers[id];
  for (const section of questionnaire.sections) {
    for (const q of section.questions) {
      if (q.showIf && !evalCond(q.showIf, get)) continue;
      if (!q.required && r() < 0.3) continue;
      answers[q.id] = randomValue(q, r);
    }
  }
  return answers;
}
