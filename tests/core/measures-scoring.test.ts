/**
 * The outcome measures: content loaded through the one loader, scores and the "clinically important" decision as the
 * published instruments define them. Where a number comes from a paper, the comment says which.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent, parseContent } from '../../src-main/core/content/load';
import { CONTENT_FILES } from '../../src-main/core/content/schema';
import { LOCALES } from '../support/handout';
import { changeBetween, measureResponses, scoreLefs, scorePgic, scorePsfs } from '../../src-main/core/measures/scoring';
import { followUpQuestionnaire, measureSteps } from '../../src-main/core/measures/visit-plan';

const DIR = join(__dirname, '..', '..', 'resources', 'content');
const content = loadContent(DIR);

function problemsWith(edit: (measures: any) => void): string[] {
  const files = Object.fromEntries(CONTENT_FILES.map((n) => [n, JSON.parse(readFileSync(join(DIR, n), 'utf8'))]));
  edit(files['measures.json']);
  try {
    parseContent(files, LOCALES);
  } catch (e) {
    expect(e).toBeInstanceOf(ContentError);
    return (e as ContentError).problems;
  }
  throw new Error('expected parseContent to throw');
}
const { measures } = content;
const lefsIds = measures.lefs.items.map((i) => i.id);

/** A LEFS with every item answered `value`, with some items overridden. */
function lefsAll(value: number, overrides: Record<string, number> = {}): Record<string, number> {
  return { ...Object.fromEntries(lefsIds.map((id) => [id, value])), ...overrides };
}

describe('measures content', () => {
  it('holds the published LEFS: 20 items, five answers scored 0-4, MCID 9 with its source', () => {
    expect(measures.lefs.items).toHaveLength(20);
    expect(measures.lefs.answers.map((a) => a.value)).toEqual([0, 1, 2, 3, 4]);
    expect(measures.lefs.items[0]?.label.en).toMatch(/usual work, housework or school/);
    expect(measures.lefs.items[19]?.label.en).toBe('Rolling over in bed');
    expect(measures.lefs.mcid.points).toBe(9);
    expect(measures.lefs.sources.some((s) => /Binkley/.test(s.cites) && /9 points/.test(s.for))).toBe(true);
  });

  it('gives PSFS up to 3 activities rated 0-10, NPRS 2 points and PGIC from the second visit, each cited', () => {
    expect(measures.psfs.maxActivities).toBe(3);
    expect(measures.psfs.mcid.points).toBe(2);
    expect(measures.nprs.mcid.points).toBe(2);
    expect(measures.pgic.fromVisit).toBe(2);
    const important = measures.pgic.options.filter((o) => o.importantImprovement).map((o) => o.id);
    expect(important.sort()).toEqual(['much_improved', 'very_much_improved']);
    for (const m of [measures.nprs, measures.lefs, measures.psfs, measures.pgic])
      for (const s of m.sources) expect(s.for.length).toBeGreaterThan(10);
  });

  it('has every text in every language the locales offer', () => {
    for (const item of measures.lefs.items) for (const code of content.locales) expect(item.label[code]).toBeTruthy();
  });

  it('is refused with the file and path named: a missing language, a 19-item LEFS, an unknown pain question', () => {
    expect(problemsWith((m) => delete m.lefs.items[3].label.fr)).toEqual([
      expect.stringMatching(/^measures\.json: lefs\.items\[3\]\.label: missing "fr" text/),
    ]);
    expect(problemsWith((m) => m.lefs.items.pop()).join()).toMatch(
      /measures\.json: lefs\.items: the LEFS has 20 items/,
    );
    expect(problemsWith((m) => (m.nprs.questions.now = 'pain_regions')).join()).toMatch(
      /nprs\.questions\.now: "pain_regions" is not a scale question/,
    );
    expect(problemsWith((m) => m.returnVisit.questions.push('nope')).join()).toMatch(
      /returnVisit\.questions\[\d+\]: "nope"/,
    );
  });
});

describe('LEFS scoring (Binkley 1999: sum of 20 items scored 0-4, 0-80, higher is better)', () => {
  it('scores the published extremes: every item "no difficulty" is 80, every item "extreme difficulty" is 0', () => {
    expect(scoreLefs(measures.lefs, lefsAll(4)).total).toBe(80);
    expect(scoreLefs(measures.lefs, lefsAll(0)).total).toBe(0);
  });

  it('adds the items: 10 items at 3, 6 at 2, 4 at 1 is 30 + 12 + 4 = 46', () => {
    const answers = Object.fromEntries(lefsIds.map((id, i) => [id, i < 10 ? 3 : i < 16 ? 2 : 1]));
    expect(scoreLefs(measures.lefs, answers)).toEqual({ total: 46, answered: 20, missing: [] });
  });

  it('gives no total when any item is unanswered, and names the missing items', () => {
    const answers = lefsAll(4);
    delete answers['hopping'];
    expect(scoreLefs(measures.lefs, answers)).toEqual({ total: null, answered: 19, missing: ['hopping'] });
  });
});

describe('PSFS scoring (Stratford 1995: total = sum of the activity ratings / number of activities)', () => {
  it('averages the ratings', () => {
    expect(scorePsfs([{ rating: 3 }, { rating: 5 }, { rating: 7 }])).toBe(5);
    expect(scorePsfs([{ rating: 2 }, { rating: 3 }])).toBe(2.5);
    expect(scorePsfs([{ rating: 4 }])).toBe(4);
  });
  it('has no score without an activity', () => expect(scorePsfs([])).toBeNull());
});

describe('clinically important change', () => {
  it('LEFS: 9 points either way is important (Binkley 1999), 8 is not', () => {
    expect(changeBetween(measures, 'lefs', 40, 49)).toMatchObject({
      change: 9,
      important: true,
      verdict: 'important-improvement',
    });
    expect(changeBetween(measures, 'lefs', 40, 48)).toMatchObject({
      change: 8,
      important: false,
      verdict: 'no-important-change',
    });
    expect(changeBetween(measures, 'lefs', 49, 40).verdict).toBe('important-worsening');
  });

  it('NPRS: lower is better, a fall of 2 points is an important improvement (Farrar 2001; Childs 2005)', () => {
    expect(changeBetween(measures, 'nprs', 7, 5)).toMatchObject({
      change: -2,
      improvement: 2,
      verdict: 'important-improvement',
    });
    expect(changeBetween(measures, 'nprs', 7, 6).important).toBe(false);
    expect(changeBetween(measures, 'nprs', 3, 5).verdict).toBe('important-worsening');
  });

  it('PSFS: 2 points on the average is important, even when the averages are thirds', () => {
    const before = scorePsfs([{ rating: 5 }, { rating: 5 }, { rating: 6 }])!; // 5.333…
    const after = scorePsfs([{ rating: 7 }, { rating: 7 }, { rating: 8 }])!; // 7.333…
    expect(changeBetween(measures, 'psfs', before, after)).toMatchObject({ change: 2, important: true });
    expect(changeBetween(measures, 'psfs', 4, 5.5).important).toBe(false);
  });

  it('PGIC: "much" or "very much" better is an important improvement, "a little better" is not', () => {
    expect(scorePgic(measures.pgic, 'very_much_improved')).toEqual({ value: 1, importantImprovement: true });
    expect(scorePgic(measures.pgic, 'much_improved')).toEqual({ value: 2, importantImprovement: true });
    expect(scorePgic(measures.pgic, 'minimally_improved')?.importantImprovement).toBe(false);
    expect(scorePgic(measures.pgic, 'very_much_worse')).toEqual({ value: 7, importantImprovement: false });
    expect(scorePgic(measures.pgic, 'nonsense')).toBeNull();
  });
});

describe('rows to store for a visit', () => {
  it('one per measure answered, with its total; pain from the intake answers', () => {
    const rows = measureResponses(
      measures,
      { now: 6, worst: 8 },
      { lefs: lefsAll(2), psfs: [{ activity: 'Stairs', rating: 4 }], pgic: 'much_improved', exerciseDays: 5 },
    );
    expect(rows.map((r) => [r.measure, r.total])).toEqual([
      ['nprs', 6],
      ['lefs', 40],
      ['psfs', 4],
      ['pgic', 2],
      ['adherence', 5],
    ]);
  });
  it('no row for a measure not asked', () => {
    expect(measureResponses(measures, {}, {}).map((r) => r.measure)).toEqual([]);
  });
});

describe('visit plan', () => {
  it('a return visit asks pain, the warning signs and what decides them, not the whole intake', () => {
    const ids = followUpQuestionnaire(content.questionnaire, measures).sections.flatMap((s) =>
      s.questions.map((q) => q.id),
    );
    expect(ids).toEqual(expect.arrayContaining(['pain_now', 'pain_worst', 'warning_signs', 'pregnancy_warning']));
    expect(ids).not.toContain('pain_regions');
    expect(ids).not.toContain('onset');
    expect(ids.indexOf('sex')).toBeLessThan(ids.indexOf('pregnant'));
  });
  it('PGIC and exercise days only at a return visit', () => {
    expect(measureSteps('first')).not.toContain('pgic');
    expect(measureSteps('return')).toEqual(expect.arrayContaining(['pgic', 'adherence', 'lefs', 'psfs-rate']));
  });
});
