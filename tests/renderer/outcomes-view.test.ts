/** The outcomes panel's wording: visit dates on the axis, each change in words and a matching colour. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src-main/core/content/load';
import { patientOutcomes } from '../../src-main/core/measures/outcomes';
import { chartView, TONE_COLOUR } from '../../src-renderer/clinician/outcomes-view';
import { CONTENT_DIR, LOCALES } from '../support/handout';

const { measures } = loadContent(CONTENT_DIR, { locales: LOCALES });
const psfs = (...ratings: number[]) =>
  ratings.map((rating, i) => ({ activity: ['Stairs', 'Running', 'Gardening'][i]!, rating }));
const outcomes = patientOutcomes(measures, [
  { sessionId: 1, visitDate: '2026-11-02', measure: 'lefs', items: {}, total: 40 },
  { sessionId: 2, visitDate: '2026-11-16', measure: 'lefs', items: {}, total: 45 },
  { sessionId: 3, visitDate: '2026-12-07', measure: 'lefs', items: {}, total: 52 },
  { sessionId: 1, visitDate: '2026-11-02', measure: 'psfs', items: psfs(4, 4, 4), total: 4 },
  { sessionId: 3, visitDate: '2026-12-07', measure: 'psfs', items: psfs(5, 4, 5), total: 4 + 2 / 3 },
]);
const day = (d: string) => `day ${d}`;

describe('outcomes view', () => {
  it('labels the axis with each visit’s own date, not one date repeated', () => {
    const v = chartView(outcomes.series[0]!, 'LEFS', day);
    expect(v.labels).toEqual(['day 2026-11-02', 'day 2026-11-16', 'day 2026-12-07']);
    expect(new Set(v.labels).size).toBe(3);
    expect(v.values).toEqual([40, 45, 52]);
    expect(v.band).toEqual({ low: 31, high: 49 });
    expect([v.min, v.max]).toEqual([0, 80]);
  });

  it('says each change since the first visit in words, with the colour of its verdict', () => {
    const v = chartView(outcomes.series[0]!, 'LEFS', day);
    expect(v.rows.map((r) => [r.change, r.verdict])).toEqual([
      ['first visit', null],
      ['+5 since the first visit (MCID 9)', 'not clinically important'],
      ['+12 since the first visit (MCID 9)', 'clinically important improvement'],
    ]);
    expect(v.pointColours).toEqual([TONE_COLOUR.first, TONE_COLOUR.unchanged, TONE_COLOUR.improved]);
    expect(v.reading).toBe('Higher is better; a change of 9 or more is clinically important.');
    expect(v.summary).toContain('latest: +12 since the first visit (MCID 9), clinically important improvement.');
  });

  it('shows a PSFS average to one decimal', () => {
    const v = chartView(outcomes.series[1]!, 'PSFS', day);
    expect(v.rows.map((r) => r.value)).toEqual(['4', '4.7']);
    expect(v.rows[1]!.change).toBe('+0.7 since the first visit (MCID 2)');
  });
});
