import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentError, loadContent, parseContent } from '../../src-main/core/content/load';
import { CONTENT_FILES, THIRD_TRIMESTER_FROM_WEEK } from '../../src-main/core/content/schema';
import { LOCALES } from '../support/handout';

const DIR = join(__dirname, '..', '..', 'resources', 'content');
const SHARED_CONDITION_IDS = [
  'gtps',
  'iliopsoas-snapping-hip',
  'itb-syndrome',
  'deep-gluteal-syndrome',
  'proximal-hamstring',
  'bone-stress-injury',
  'labral-tear',
  'hip-flexor-strain',
  'fai',
  'patellofemoral-pain',
  'hip-pointer',
  'hip-oa',
  'lumbar-radicular-pain',
  'pelvic-girdle-pain',
  'transient-osteoporosis-hip',
  'adductor-related-groin-pain',
  'inguinal-related-groin-pain',
  'pubic-related-groin-pain',
  'meralgia-paresthetica',
  'avascular-necrosis',
  'sacroiliac-joint-pain',
  'lumbar-referred-pain',
  'lumbar-spinal-stenosis',
  'hip-replacement-problem',
];

/** Fresh, mutable copies of the real content files. */
function realFiles(): Record<string, any> {
  const out: Record<string, any> = {};
  for (const name of CONTENT_FILES) out[name] = JSON.parse(readFileSync(join(DIR, name), 'utf8'));
  return out;
}

function problemsOf(files: Record<string, unknown>): string[] {
  try {
    parseContent(files, LOCALES);
  } catch (e) {
    expect(e).toBeInstanceOf(ContentError);
    return (e as ContentError).problems;
  }
  throw new Error('expected parseContent to throw');
}

function question(files: Record<string, any>, id: string): any {
  for (const s of files['questionnaire.json'].sections) for (const q of s.questions) if (q.id === id) return q;
  throw new Error(`no question ${id}`);
}

describe('real content', () => {
  const content = loadContent(DIR);

  it('loads with every shared condition id, red flags and risk factors', () => {
    expect(content.conditions.map((c) => c.id).sort()).toEqual([...SHARED_CONDITION_IDS].sort());
    expect(content.redFlags.length).toBeGreaterThanOrEqual(8);
    expect(content.riskFactors.length).toBeGreaterThanOrEqual(11);
    expect(content.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('spells trochanteric correctly and never calls a stress fracture a groin strain', () => {
    const text = JSON.stringify(content);
    expect(text).not.toMatch(/troncharetic/i);
    const bsi = content.conditions.find((c) => c.id === 'bone-stress-injury')!;
    expect(bsi.aka ?? []).not.toContain('groin strain');
    expect(JSON.stringify(bsi.aka)).not.toMatch(/pull|strain/i);
    const dgs = content.conditions.find((c) => c.id === 'deep-gluteal-syndrome')!;
    expect(JSON.stringify(dgs.aka)).not.toMatch(/hamstring/i);
    // A hip-flexor strain is not a groin strain (that is the adductors, Doha 2015).
    const hfs = content.conditions.find((c) => c.id === 'hip-flexor-strain')!;
    expect(hfs.aka ?? []).not.toContain('groin strain');
  });

  it('scores what its sources say: OA against long morning stiffness, trimesters as the code counts them', () => {
    const evidence = (id: string) => content.conditions.find((c) => c.id === id)!.evidence;
    const stiffness = evidence('hip-oa').filter((e) => JSON.stringify(e.when).includes('stiffness_morning'));
    expect(stiffness.find((e) => JSON.stringify(e.when).includes('over_30'))?.weight).toBeLessThan(0);
    expect(evidence('hip-oa').some((e) => JSON.stringify(e.when).includes('"stiff"') && e.weight > 0)).toBe(false);
    expect(evidence('iliopsoas-snapping-hip').some((e) => JSON.stringify(e.when).includes('throbbing'))).toBe(false);
    const third = evidence('transient-osteoporosis-hip').find((e) => /third trimester/i.test(e.reason))!;
    expect(third.when).toEqual({ question: 'pregnancy_weeks', atLeast: THIRD_TRIMESTER_FROM_WEEK });
  });

  it('no rule reads the legacy thigh and knee regions (display-only; the finer faces replace them)', () => {
    const rules = JSON.stringify([content.conditions, content.redFlags, content.riskFactors, content.questionnaire]);
    for (const legacy of ['thigh-left', 'thigh-right', 'knee-left', 'knee-right'])
      expect(rules).not.toContain(`"${legacy}"`);
  });

  it('asks weight bearing and a limp whatever the cause, and a fall on its own', () => {
    const signs = content.questionnaire.sections.flatMap((x) => x.questions).find((q) => q.id === 'warning_signs')!;
    const label = (id: string) => signs.options!.find((o) => o.id === id)!.label.en;
    for (const id of ['cant_bear_weight', 'new_limp', 'leg_turned']) expect(label(id)).not.toMatch(/fall|injur|knock/i);
    expect(label('fall')).toMatch(/fall/i);
  });

  it('keeps the placeholder clinic guideline flagged, and cites no source for what it does not say', () => {
    const all = [...content.conditions, ...content.redFlags, ...content.riskFactors].flatMap((x) => x.sources);
    for (const s of all.filter((x) => x.startsWith('Stride clinic guideline'))) expect(s).toMatch(/\[placeholder/);
    const text = JSON.stringify(content);
    // Nielsen 2012 found no training-error risk factors; ACOG 804 is about exercise, not pelvic girdle pain.
    expect(text).not.toMatch(/Nielsen RO et al\. Training errors/);
    const pgp = content.conditions.find((c) => c.id === 'pelvic-girdle-pain')!;
    expect(pgp.sources.join(' ')).not.toMatch(/ACOG/);
  });

  it('every condition, red flag and risk factor source says what it is cited for, or is a marked placeholder', () => {
    const uncited = [...content.conditions, ...content.redFlags, ...content.riskFactors].flatMap((x) =>
      x.sources.filter((s) => !/\bcited for\b|\[placeholder/.test(s)).map((s) => `${x.id}: ${s.slice(0, 60)}`),
    );
    expect(uncited).toEqual([]);
  });

  it('version is stable across loads and ignores key order, but changes with the content', () => {
    const files = realFiles();
    expect(parseContent(files, LOCALES).version).toBe(content.version);
    const reordered = realFiles();
    const q = reordered['questionnaire.json'];
    reordered['questionnaire.json'] = { sections: q.sections, version: q.version };
    expect(parseContent(reordered, LOCALES).version).toBe(content.version);
    question(files, 'pain_now').label.en = 'Pain now?';
    expect(parseContent(files, LOCALES).version).not.toBe(content.version);
  });
});

describe('broken content fails loudly', () => {
  it('a rule pointing at a question that does not exist', () => {
    const files = realFiles();
    files['conditions.json'].conditions[0].evidence[0].when = { question: 'no_such_question', equals: true };
    const problems = problemsOf(files);
    expect(problems).toContainEqual(
      'conditions.json: conditions[0].evidence[0].when.question: "no_such_question" is not a question id',
    );
  });

  it('a rule naming an unknown option or body region', () => {
    const files = realFiles();
    files['red-flags.json'].redFlags[0].triggers[0].when = {
      question: 'warning_signs',
      includesAny: ['cant_walk_at_all'],
    };
    files['risk-factors.json'].riskFactors[0].triggers[0].when = {
      question: 'pain_regions',
      includesAny: ['elbow-left'],
    };
    const problems = problemsOf(files);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^red-flags\.json: redFlags\[0\]\.triggers\[0\]\.when\.includesAny\[0\]: "cant_walk_at_all" is not an option of "warning_signs"/,
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^risk-factors\.json: riskFactors\[0\]\.triggers\[0\]\.when\.includesAny\[0\]: "elbow-left" is not a body region/,
      ),
    );
  });

  it('a missing or empty translation', () => {
    const files = realFiles();
    delete question(files, 'pain_now').label.es;
    files['conditions.json'].conditions[2].homeCare[0].en = ' ';
    const problems = problemsOf(files);
    expect(problems).toContainEqual(
      expect.stringMatching(/^questionnaire\.json: sections\[\d+\]\.questions\[0\]\.label: missing "es" text/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^conditions\.json: conditions\[2\]\.homeCare\[0\]\.en: empty text/),
    );
  });

  it('an unknown condition id, duplicate ids and a showIf reading a later question', () => {
    const files = realFiles();
    files['conditions.json'].conditions[0].distinguishFrom = ['trochanteric-bursitis'];
    files['red-flags.json'].redFlags[1].id = files['red-flags.json'].redFlags[0].id;
    question(files, 'age').showIf = { question: 'runs', equals: true };
    const problems = problemsOf(files);
    expect(problems).toContainEqual(
      'conditions.json: conditions[0].distinguishFrom[0]: unknown condition id "trochanteric-bursitis"',
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^red-flags\.json: redFlags\[1\]\.id: duplicate red flag id/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^questionnaire\.json: sections\[0\]\.questions\[0\]\.showIf\.question: "runs" is not an earlier question id/,
      ),
    );
  });

  it('a red flag that an extra answer could switch off, a missing source, and a wrongly typed value', () => {
    const files = realFiles();
    files['red-flags.json'].redFlags[0].triggers[0].when = { not: { question: 'runs', equals: true } };
    files['risk-factors.json'].riskFactors[0].sources = [];
    files['conditions.json'].conditions[0].evidence[0].when = { question: 'recent_birth', equals: 'yes' };
    const problems = problemsOf(files);
    expect(problems).toContainEqual(
      expect.stringMatching(/redFlags\[0\]\.triggers\[0\]\.when: red-flag triggers may not use "not"/),
    );
    expect(problems).toContainEqual('risk-factors.json: riskFactors[0].sources: cite at least one source');
    expect(problems).toContainEqual(
      expect.stringMatching(
        /conditions\[0\]\.evidence\[0\]\.when\.equals: "yes" is not a valid answer to yesno question "recent_birth"/,
      ),
    );
  });

  it('a score-raised red flag naming no condition, on an emergency, or a flag with no way to fire', () => {
    const files = realFiles();
    const flags = files['red-flags.json'].redFlags;
    const sameDay = flags.findIndex((f: { urgency: string }) => f.urgency === 'same-day');
    flags[sameDay].strongMatch = ['no-such-condition'];
    flags[sameDay + 1].triggers = [];
    const emergency = flags.findIndex((f: { urgency: string }) => f.urgency === 'emergency');
    flags[emergency].strongMatch = ['bone-stress-injury'];
    const problems = problemsOf(files);
    expect(problems).toContain(
      `red-flags.json: redFlags[${sameDay}].strongMatch[0]: "no-such-condition" is not a condition id of ` +
        'conditions.json',
    );
    expect(problems).toContain(
      `red-flags.json: redFlags[${sameDay + 1}].triggers: a red flag needs at least one trigger (or a strongMatch)`,
    );
    expect(problems).toContainEqual(
      expect.stringMatching(new RegExp(`redFlags\\[${emergency}\\]\\.strongMatch: only for`)),
    );
  });

  it('a fixed question id removed', () => {
    const files = realFiles();
    question(files, 'pregnancy_weeks').id = 'weeks_pregnant';
    expect(problemsOf(files)).toContainEqual(
      expect.stringMatching(/required question "pregnancy_weeks" \(number\) is missing/),
    );
  });

  describe('from disk', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'stride-content-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('names a missing file and invalid JSON in one error', () => {
      const files = realFiles();
      writeFileSync(join(tmp, 'questionnaire.json'), JSON.stringify(files['questionnaire.json']));
      writeFileSync(join(tmp, 'conditions.json'), '{ "conditions": [ ');
      writeFileSync(join(tmp, 'red-flags.json'), JSON.stringify(files['red-flags.json']));
      expect(() => loadContent(tmp, { locales: LOCALES })).toThrowError(
        /conditions\.json: invalid JSON[\s\S]*risk-factors\.json: cannot read \(ENOENT\)/,
      );
    });
  });
});
