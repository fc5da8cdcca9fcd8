import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentError, loadContent, parseContent } from '../../src-main/core/content/load';
import { CONTENT_FILES } from '../../src-main/core/content/schema';
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
