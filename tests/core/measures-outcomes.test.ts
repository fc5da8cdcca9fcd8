/** Outcomes across visits: the series, changes and MCID decisions the outcomes panel and the letter show. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src-main/core/content/load';
import { CONTENT_DIR, LOCALES } from '../support/handout';
import {
  overallChange,
  patientOutcomes,
  sameActivity,
  type MeasureRecord,
} from '../../src-main/core/measures/outcomes';

const { measures } = loadContent(CONTENT_DIR, { locales: LOCALES });

const rec = (
  sessionId: number,
  visitDate: string,
  measure: MeasureRecord['measure'],
  total: number | null,
  items: unknown = {},
) => ({ sessionId, visitDate, measure, total, items }) satisfies MeasureRecord;

const history: MeasureRecord[] = [
  rec(1, '2026-11-02', 'nprs', 6, { now: 6, worst: 8 }),
  rec(1, '2026-11-02', 'lefs', 40),
  rec(1, '2026-11-02', 'psfs', 4, [
    { activity: 'Stairs', rating: 3 },
    { activity: 'Running', rating: 5 },
  ]),
  rec(2, '2026-11-16', 'nprs', 5),
  rec(2, '2026-11-16', 'lefs', null), // an incomplete LEFS has no total: no point, no change
  rec(2, '2026-11-16', 'pgic', 3, { option: 'minimally_improved' }),
  rec(2, '2026-11-16', 'adherence', 4, { days: 4 }),
  rec(3, '2026-12-07', 'nprs', 3),
  rec(3, '2026-12-07', 'lefs', 52),
  rec(3, '2026-12-07', 'psfs', 5.5, [
    { activity: 'Stairs', rating: 5 },
    { activity: 'Running', rating: 6 },
  ]),
  rec(3, '2026-12-07', 'pgic', 2, { option: 'much_improved' }),
];

describe('patient outcomes', () => {
  const o = patientOutcomes(measures, history);
  const series = (m: string) => o.series.find((s) => s.measure === m)!;

  it('one series per measure with a score, in a fixed order, each point on its own visit date', () => {
    expect(o.series.map((s) => s.measure)).toEqual(['nprs', 'lefs', 'psfs']);
    expect(series('nprs').points.map((p) => p.visitDate)).toEqual(['2026-11-02', '2026-11-16', '2026-12-07']);
    expect(series('lefs').points.map((p) => [p.visitDate, p.value])).toEqual([
      ['2026-11-02', 40],
      ['2026-12-07', 52],
    ]);
  });

  it('decides each change against the MCID, in the better direction of each measure', () => {
    const pain = series('nprs').points;
    expect(pain[0]!.sinceFirst).toBeNull();
    expect(pain[1]!.sinceFirst).toMatchObject({ change: -1, important: false, verdict: 'no-important-change' });
    expect(pain[2]!.sinceFirst).toMatchObject({ change: -3, important: true, verdict: 'important-improvement' });
    expect(pain[2]!.sincePrevious).toMatchObject({ change: -2, important: true, verdict: 'important-improvement' });
    expect(overallChange(series('lefs'))).toMatchObject({ change: 12, mcid: 9, verdict: 'important-improvement' });
    // PSFS 4 -> 5.5: 1.5 points on the average, under its MCID of 2.
    expect(overallChange(series('psfs'))).toMatchObject({ change: 1.5, mcid: 2, important: false });
    const worse = patientOutcomes(measures, [rec(1, '2026-01-01', 'lefs', 50), rec(2, '2026-02-01', 'lefs', 41)]);
    expect(overallChange(worse.series[0]!)).toMatchObject({ change: -9, verdict: 'important-worsening' });
  });

  it('compares PSFS visits over the activities rated at both; with none in common, it reports no change', () => {
    const psfs = (sessionId: number, date: string, ratings: { activity: string; rating: number }[]) =>
      rec(sessionId, date, 'psfs', ratings.reduce((a, r) => a + r.rating, 0) / ratings.length, ratings);
    const renamed = patientOutcomes(measures, [
      psfs(1, '2026-01-05', [{ activity: 'Stairs', rating: 5 }]),
      psfs(2, '2026-02-02', [{ activity: 'Running', rating: 7 }]),
    ]).series[0]!;
    // 5 -> 7 would read as an important improvement, but running and stairs are not one activity.
    expect(renamed.points[1]).toMatchObject({ value: 7, sinceFirst: null, sincePrevious: null, notCompared: true });
    expect(overallChange(renamed)).toBeNull();
    const partly = patientOutcomes(measures, [
      psfs(1, '2026-01-05', [
        { activity: 'Stairs', rating: 2 },
        { activity: 'Running', rating: 6 },
      ]),
      // Named again from memory: "climbing stairs" is the stairs; "Gardening" was not rated before.
      psfs(2, '2026-02-02', [
        { activity: 'Climbing  STAIRS', rating: 5 },
        { activity: 'Gardening', rating: 9 },
      ]),
    ]).series[0]!;
    expect(partly.points[1]!.notCompared).toBeUndefined();
    expect(overallChange(partly)).toMatchObject({ change: 3, important: true, verdict: 'important-improvement' });
    expect(sameActivity('Stairs', 'stair')).toBe(false);
    expect(sameActivity('Running', 'running uphill')).toBe(true);
    expect(sameActivity('', 'running')).toBe(false);
  });

  it('draws the band of no important change around the first score, within the scale', () => {
    expect(series('lefs').band).toEqual({ low: 31, high: 49 });
    expect(series('nprs').band).toEqual({ low: 4, high: 8 });
    const low = patientOutcomes(measures, [rec(1, '2026-01-01', 'nprs', 1)]);
    expect(low.series[0]!.band).toEqual({ low: 0, high: 3 });
    expect(low.series[0]!.points).toHaveLength(1);
  });

  it('keeps the PSFS activities in the patient’s words, and the PGIC answers with their verdict', () => {
    expect(series('psfs').activities).toEqual([
      {
        sessionId: 1,
        ratings: [
          { activity: 'Stairs', rating: 3 },
          { activity: 'Running', rating: 5 },
        ],
      },
      {
        sessionId: 3,
        ratings: [
          { activity: 'Stairs', rating: 5 },
          { activity: 'Running', rating: 6 },
        ],
      },
    ]);
    expect(o.pgic.map((p) => [p.visitDate, p.optionId, p.importantImprovement])).toEqual([
      ['2026-11-16', 'minimally_improved', false],
      ['2026-12-07', 'much_improved', true],
    ]);
    expect(o.exerciseDays).toEqual([{ sessionId: 2, visitDate: '2026-11-16', days: 4 }]);
  });

  it('has nothing to show before any measure is recorded', () => {
    expect(patientOutcomes(measures, [])).toEqual({ series: [], pgic: [], exerciseDays: [] });
  });
});
