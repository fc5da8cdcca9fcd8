/**
 * What the outcomes panel shows for a measure, worked out from the outcomes the api sent (core/measures/outcomes.ts
 * decided every change): the visit dates on the axis, the values, the MCID band, and each change in words with the
 * colour that goes with it. Plain, so it is tested without a browser; the components only draw it.
 */
import type { ChangeVerdict, MeasureChange } from '../../src-main/core/measures/scoring';
import type { OutcomeSeries } from '../../src-main/core/measures/outcomes';

export type Tone = 'improved' | 'worse' | 'unchanged';

export const VERDICT_WORDS: Record<ChangeVerdict, string> = {
  'important-improvement': 'clinically important improvement',
  'important-worsening': 'clinically important worsening',
  'no-important-change': 'not clinically important',
};

const TONE: Record<ChangeVerdict, Tone> = {
  'important-improvement': 'improved',
  'important-worsening': 'worse',
  'no-important-change': 'unchanged',
};

/** Colours of the points and badges (the words say the same: colour is never the only sign). */
export const TONE_COLOUR: Record<Tone | 'first', string> = {
  improved: '#1a7f37',
  worse: '#b42318',
  unchanged: '#6b7a7a',
  first: '#0b6e6e',
};

/** A score as shown: PSFS averages to one decimal, whole scores as they are. */
export const score = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const signed = (x: number) => (x > 0 ? `+${score(x)}` : x < 0 ? `−${score(-x)}` : '±0');

export interface ChangeRow {
  sessionId: number;
  date: string;
  value: string;
  /** "+12 since the first visit (MCID 9)", or "first visit". */
  change: string;
  verdict: string | null;
  tone: Tone | 'first';
}

export interface ChartView {
  /** One label per visit with a score: the visit's date (visits on the same day share a date, not a tick). */
  labels: string[];
  values: number[];
  pointColours: string[];
  band: { low: number; high: number } | null;
  min: number;
  max: number;
  /** "Lower is better" or "Higher is better", with the MCID. */
  reading: string;
  rows: ChangeRow[];
  /** The chart in words, for screen readers. */
  summary: string;
}

function describe(c: MeasureChange): { change: string; verdict: string; tone: Tone } {
  return {
    change: `${signed(c.change)} since the first visit (MCID ${score(c.mcid)})`,
    verdict: VERDICT_WORDS[c.verdict],
    tone: TONE[c.verdict],
  };
}

export function chartView(series: OutcomeSeries, name: string, dateOf: (isoDate: string) => string): ChartView {
  const rows = series.points.map((p): ChangeRow => {
    const base = { sessionId: p.sessionId, date: dateOf(p.visitDate), value: score(p.value) };
    const notCompared = 'other activities than at the first visit: not compared';
    if (p.notCompared) return { ...base, change: notCompared, verdict: null, tone: 'first' };
    if (!p.sinceFirst) return { ...base, change: 'first visit', verdict: null, tone: 'first' };
    return { ...base, ...describe(p.sinceFirst) };
  });
  const latest = rows.at(-1);
  const summary =
    `${name}: ` +
    rows.map((r) => `${r.date} ${r.value}`).join(', ') +
    (latest?.verdict ? `; latest: ${latest.change}, ${latest.verdict}.` : '.');
  return {
    labels: rows.map((r) => r.date),
    values: series.points.map((p) => p.value),
    pointColours: rows.map((r) => TONE_COLOUR[r.tone]),
    band: series.band,
    min: series.min,
    max: series.max,
    reading:
      `${series.better === 'lower' ? 'Lower' : 'Higher'} is better; ` +
      `a change of ${score(series.mcid)} or more is clinically important.`,
    rows,
    summary,
  };
}
