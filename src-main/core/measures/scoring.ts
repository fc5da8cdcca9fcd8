/**
 * Scoring of the outcome measures and the "clinically important" decision between two visits, as published (the
 * sources are in measures.json). Pure, zod-free, browser-safe: the clinician screen may use it to explain a change.
 */
import type { LefsContent, Measures, MeasureId, PgicContent } from '../content/measures';

/** The patient's answers to the measures at one visit, as the kiosk sends them (validated at the contract). */
export interface MeasureAnswers {
  /** LEFS item id → 0 (extreme difficulty or unable) … 4 (no difficulty); an item left out is unanswered. */
  lefs?: Record<string, number>;
  /** The activities the patient named, each rated 0 (unable) … 10 (as before the problem). */
  psfs?: { activity: string; rating: number }[];
  /** The PGIC option id (return visits only). */
  pgic?: string;
  /** "In the last week, on how many days did you do your exercises?" 0-7 (return visits only). */
  exerciseDays?: number;
}

export interface LefsScore {
  /** 0-80, higher is better; null unless every item is answered. */
  total: number | null;
  answered: number;
  /** Item ids with no answer, in the form's order. */
  missing: string[];
}

/**
 * Binkley 1999: the sum of the 20 items. The paper gives no rule for missing items, so Stride is conservative: a
 * LEFS with any item unanswered has no total (a prorated sum would not be the published scale). The kiosk asks for
 * every item, so this happens only when the visit ended early (an emergency sends the patient to the desk).
 */
export function scoreLefs(lefs: LefsContent, answers: Readonly<Record<string, number>>): LefsScore {
  const missing = lefs.items.filter((i) => answers[i.id] === undefined).map((i) => i.id);
  const answered = lefs.items.length - missing.length;
  const total = missing.length > 0 ? null : lefs.items.reduce((s, i) => s + (answers[i.id] ?? 0), 0);
  return { total, answered, missing };
}

/** Stratford 1995: the average of the activity ratings (0-10); null when no activity was named. */
export function scorePsfs(ratings: readonly { rating: number }[]): number | null {
  if (ratings.length === 0) return null;
  return ratings.reduce((s, r) => s + r.rating, 0) / ratings.length;
}

export interface PgicScore {
  /** 1 (very much better) … 7 (very much worse). */
  value: number;
  /** "Much" or "very much" better: a clinically important improvement by the patient's own rating. */
  importantImprovement: boolean;
}

export function scorePgic(pgic: PgicContent, optionId: string): PgicScore | null {
  const option = pgic.options.find((o) => o.id === optionId);
  return option ? { value: option.value, importantImprovement: option.importantImprovement } : null;
}

/** The measures whose change between two visits is compared against an MCID. */
export type ChangeMeasure = 'nprs' | 'lefs' | 'psfs';

/** Which way is better: a lower pain rating, a higher LEFS or PSFS. */
export const BETTER_WHEN: Record<ChangeMeasure, 'lower' | 'higher'> = { nprs: 'lower', lefs: 'higher', psfs: 'higher' };

export type ChangeVerdict = 'important-improvement' | 'important-worsening' | 'no-important-change';

export interface MeasureChange {
  measure: ChangeMeasure;
  from: number;
  to: number;
  /** `to - from`, in the measure's own units. */
  change: number;
  /** The change in the "better" direction: positive is better whatever the measure. */
  improvement: number;
  /** The MCID the change was compared with. */
  mcid: number;
  /** True when the change, either way, is at least the MCID. */
  important: boolean;
  verdict: ChangeVerdict;
}

/**
 * The change from an earlier visit to a later one and whether it is clinically important: at least the MCID in
 * either direction (NPRS 2 points, LEFS 9 points, PSFS 2 points on the average). Floating-point noise in a PSFS
 * average (e.g. 7.333 - 5.333) must not turn a change of exactly 2 into 1.9999.
 */
export function changeBetween(measures: Measures, measure: ChangeMeasure, from: number, to: number): MeasureChange {
  const mcid = measures[measure].mcid.points;
  const change = roundTiny(to - from);
  const improvement = BETTER_WHEN[measure] === 'higher' ? change : -change;
  const important = Math.abs(improvement) >= mcid;
  const verdict: ChangeVerdict = !important
    ? 'no-important-change'
    : improvement > 0
      ? 'important-improvement'
      : 'important-worsening';
  return { measure, from, to, change, improvement, mcid, important, verdict };
}

function roundTiny(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/** One stored result: what the patient answered to one measure at one visit, and its score. */
export interface MeasureResponse {
  measure: MeasureId;
  /** The answers as given (stored as JSON). */
  items: unknown;
  /** The score (NPRS: pain now; LEFS: 0-80; PSFS: average; PGIC: 1-7; adherence: days), or null when not scored. */
  total: number | null;
}

/**
 * The rows to store for one visit: the pain rating from the intake answers and each measure the patient answered.
 * A measure not asked at this visit has no row.
 */
export function measureResponses(
  measures: Measures,
  painAnswers: { now?: number | undefined; worst?: number | undefined },
  answers: MeasureAnswers,
): MeasureResponse[] {
  const out: MeasureResponse[] = [];
  if (painAnswers.now !== undefined || painAnswers.worst !== undefined)
    out.push({
      measure: 'nprs',
      items: { now: painAnswers.now ?? null, worst: painAnswers.worst ?? null },
      total: painAnswers.now ?? null,
    });
  if (answers.lefs)
    out.push({ measure: 'lefs', items: answers.lefs, total: scoreLefs(measures.lefs, answers.lefs).total });
  if (answers.psfs && answers.psfs.length > 0)
    out.push({ measure: 'psfs', items: answers.psfs, total: scorePsfs(answers.psfs) });
  if (answers.pgic !== undefined)
    out.push({
      measure: 'pgic',
      items: { option: answers.pgic },
      total: scorePgic(measures.pgic, answers.pgic)?.value ?? null,
    });
  if (answers.exerciseDays !== undefined)
    out.push({ measure: 'adherence', items: { days: answers.exerciseDays }, total: answers.exerciseDays });
  return out;
}
