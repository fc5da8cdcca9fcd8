/**
 * A patient's outcomes across visits, ready to show: one series per measure (pain, LEFS, PSFS) with each visit's
 * score, its change since the first visit and since the one before, and whether each change is clinically important
 * (scoring.ts decides, with the MCIDs of measures.json); the band around the first score inside which a change is not
 * important; the PGIC answers and exercise days. Pure and browser-safe: the api builds it, the screen and the letter
 * only display it.
 */
import type { Measures, MeasureId } from '../content/measures';
import { nameKey } from '../text';
import { BETTER_WHEN, changeBetween, type ChangeMeasure, type MeasureChange } from './scoring';

/** One stored result as the store reads it (store/measures.ts `MeasureResult`). */
export interface MeasureRecord {
  sessionId: number;
  /** The visit's date, YYYY-MM-DD. */
  visitDate: string;
  measure: MeasureId;
  items: unknown;
  total: number | null;
}

export interface OutcomePoint {
  sessionId: number;
  visitDate: string;
  value: number;
  /** Null at the first scored visit, and for a PSFS visit whose activities differ from the first (`notCompared`). */
  sinceFirst: MeasureChange | null;
  sincePrevious: MeasureChange | null;
  /**
   * PSFS only: none of this visit's activities is one rated at the first visit (the patient names them again at a
   * return visit, from memory), so the two averages measure different things and no change is reported.
   */
  notCompared?: true;
}

export interface OutcomeSeries {
  measure: ChangeMeasure;
  /** The scale's ends, for the chart's axis. */
  min: number;
  max: number;
  better: 'lower' | 'higher';
  mcid: number;
  /**
   * First score ± MCID, clamped to the scale: a later score inside it is no clinically important change since the
   * first visit. Null before any score.
   */
  band: { low: number; high: number } | null;
  points: OutcomePoint[];
  /** PSFS only: the activities the patient rated at each visit, in their own words (the wording may drift). */
  activities?: { sessionId: number; ratings: { activity: string; rating: number }[] }[];
}

export interface PgicPoint {
  sessionId: number;
  visitDate: string;
  optionId: string;
  /** 1 (very much better) … 7 (very much worse). */
  value: number;
  importantImprovement: boolean;
}

export interface PatientOutcomes {
  series: OutcomeSeries[];
  pgic: PgicPoint[];
  exerciseDays: { sessionId: number; visitDate: string; days: number }[];
}

const SCALES: Record<ChangeMeasure, { min: number; max: number }> = {
  nprs: { min: 0, max: 10 },
  lefs: { min: 0, max: 80 },
  psfs: { min: 0, max: 10 },
};
const SERIES_ORDER: readonly ChangeMeasure[] = ['nprs', 'lefs', 'psfs'];

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/**
 * Whether two visits' activities are the same one, named from memory: the same words ignoring case, accents and
 * spacing, or one name whole words inside the other ("Stairs" and "climbing stairs"; not "stair" and "stairs").
 */
export function sameActivity(a: string, b: string): boolean {
  const x = ` ${nameKey(a)} `;
  const y = ` ${nameKey(b)} `;
  return x.trim() !== '' && y.trim() !== '' && (x.includes(y) || y.includes(x));
}

function psfsRatings(items: unknown): { activity: string; rating: number }[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((i: unknown) => {
    const r = i as { activity?: unknown; rating?: unknown };
    return typeof r.activity === 'string' && typeof r.rating === 'number'
      ? [{ activity: r.activity, rating: r.rating }]
      : [];
  });
}

/**
 * The PSFS change between two visits over the activities rated at both (Stratford 1995 compares each activity with
 * itself); null when they have none in common.
 */
function psfsChange(measures: Measures, fromItems: unknown, toItems: unknown): MeasureChange | null {
  const before = psfsRatings(fromItems);
  const pairs = psfsRatings(toItems).flatMap((r) => {
    const was = before.find((b) => sameActivity(b.activity, r.activity));
    return was === undefined ? [] : [[was.rating, r.rating] as const];
  });
  if (pairs.length === 0) return null;
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return changeBetween(measures, 'psfs', mean(pairs.map((p) => p[0])), mean(pairs.map((p) => p[1])));
}

/** Builds the outcomes from a patient's stored results, oldest visit first (as `measureHistory` returns them). */
export function patientOutcomes(measures: Measures, history: readonly MeasureRecord[]): PatientOutcomes {
  const series: OutcomeSeries[] = [];
  for (const measure of SERIES_ORDER) {
    const rows = history.filter((r) => r.measure === measure);
    const scored = rows.filter((r): r is MeasureRecord & { total: number } => r.total !== null);
    if (scored.length === 0) continue;
    const { min, max } = SCALES[measure];
    const mcid = measures[measure].mcid.points;
    const first = scored[0]!.total;
    const change = (from: MeasureRecord & { total: number }, to: MeasureRecord & { total: number }) =>
      measure === 'psfs'
        ? psfsChange(measures, from.items, to.items)
        : changeBetween(measures, measure, from.total, to.total);
    const points = scored.map((r, i): OutcomePoint => {
      if (i === 0)
        return {
          sessionId: r.sessionId,
          visitDate: r.visitDate,
          value: r.total,
          sinceFirst: null,
          sincePrevious: null,
        };
      const sinceFirst = change(scored[0]!, r);
      return {
        sessionId: r.sessionId,
        visitDate: r.visitDate,
        value: r.total,
        sinceFirst,
        sincePrevious: change(scored[i - 1]!, r),
        ...(sinceFirst === null ? { notCompared: true as const } : {}),
      };
    });
    const s: OutcomeSeries = {
      measure,
      min,
      max,
      better: BETTER_WHEN[measure],
      mcid,
      // Strictly inside the band is unimportant; a change of exactly the MCID is important (scoring.ts).
      band: { low: clamp(first - mcid, min, max), high: clamp(first + mcid, min, max) },
      points,
    };
    if (measure === 'psfs') s.activities = rows.map((r) => ({ sessionId: r.sessionId, ratings: psfsRatings(r.items) }));
    series.push(s);
  }

  const pgic = history.flatMap((r): PgicPoint[] => {
    if (r.measure !== 'pgic') return [];
    const optionId = (r.items as { option?: unknown } | null)?.option;
    const option = measures.pgic.options.find((o) => o.id === optionId);
    if (!option) return [];
    return [
      {
        sessionId: r.sessionId,
        visitDate: r.visitDate,
        optionId: option.id,
        value: option.value,
        importantImprovement: option.importantImprovement,
      },
    ];
  });

  const exerciseDays = history.flatMap((r) =>
    r.measure === 'adherence' && r.total !== null
      ? [{ sessionId: r.sessionId, visitDate: r.visitDate, days: r.total }]
      : [],
  );
  return { series, pgic, exerciseDays };
}

/** The latest point's change since the first visit: what a summary (the letter, a heading) reports. */
export function overallChange(series: OutcomeSeries): MeasureChange | null {
  return series.points.at(-1)?.sinceFirst ?? null;
}
