/** examination.json: loaded and validated by the one content loader, versioned with the rest of the content. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent, parseContent } from '../../src-main/core/content/load';
import { CONTENT_FILES } from '../../src-main/core/content/schema';
import { LOCALES } from '../support/handout';

const DIR = join(__dirname, '..', '..', 'resources', 'content');

function realFiles(): Record<string, any> {
  return Object.fromEntries(CONTENT_FILES.map((n) => [n, JSON.parse(readFileSync(join(DIR, n), 'utf8'))]));
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

describe('examination content', () => {
  const content = loadContent(DIR);

  it('holds the tests a hip clinic uses, each with what a positive suggests and a source saying what it is for', () => {
    const ids = content.examination.tests.map((t) => t.id);
    for (const id of [
      'faber',
      'fadir',
      'ober',
      'thomas',
      'trendelenburg',
      'fair',
      'log-roll',
      'hop',
      'aslr',
      'p4',
      'gaenslen',
      'symphysis-palpation',
      'adductor-squeeze',
      'fulcrum',
      'resisted-sit-up',
    ])
      expect(ids).toContain(id);
    expect(content.examination.rangeOfMotion.map((m) => m.id)).toEqual([
      'flexion',
      'internal-rotation',
      'external-rotation',
    ]);
    for (const t of content.examination.tests) for (const s of t.sources) expect(s.for.length).toBeGreaterThan(10);
    // The fulcrum test is for the femoral shaft; hopping is not asked of a suspected neck fracture.
    expect(content.examination.tests.find((t) => t.id === 'fulcrum')?.name.en).toMatch(/shaft/);
    expect(content.examination.tests.find((t) => t.id === 'hop')?.caution?.en).toMatch(/femoral neck/);
  });

  it('names the file and path of a missing translation, a duplicate id and an implausible range', () => {
    const files = realFiles();
    const exam = files['examination.json'];
    delete exam.tests[2].positive.fr;
    exam.tests[3].id = exam.tests[0].id;
    exam.rangeOfMotion[0].typicalDegrees = 170;
    exam.rangeOfMotion[0].maxDegrees = 160;
    exam.tests[4].sources = [{ cites: 'Somebody 2020, a paper' }];
    const problems = problemsOf(files);
    expect(problems).toEqual(
      expect.arrayContaining([
        'examination.json: tests[2].positive: missing "fr" text',
        'examination.json: rangeOfMotion[0].typicalDegrees: typicalDegrees is above maxDegrees',
        expect.stringMatching(/^examination\.json: tests\[4\]\.sources\[0\]\.for: /),
      ]),
    );
    // Schema problems stop the file before the duplicate check; a schema-clean duplicate is reported on its own.
    const dup = realFiles();
    dup['examination.json'].tests[3].id = dup['examination.json'].tests[0].id;
    expect(problemsOf(dup)).toEqual([
      `examination.json: tests[3].id: duplicate id "${dup['examination.json'].tests[0].id}"`,
    ]);
  });

  it('is part of the content version', () => {
    const files = realFiles();
    files['examination.json'].tests[0].positive.en += ' Changed.';
    expect(parseContent(files, LOCALES).version).not.toBe(content.version);
  });
});
