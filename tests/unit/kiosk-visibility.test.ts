/**
 * The kiosk's zod-free copy of the visibility rule must decide exactly as the content module does, and the kiosk
 * sources must not import runtime values from modules that build zod schemas.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../../src-main/core/content/load';
import { randomAnswers, seededRandom } from '../../src-main/core/content/random-answers';
import { visibleSections } from '../../src-main/core/content/visibility';
import { evalCond } from '../../src-main/core/content/cond';
import type { Cond, IntakeAnswers } from '../../src-main/core/content/schema';
import { kioskEvalCond, kioskVisibleSections } from '../../src-renderer/lib/kiosk-visibility';

const root = join(import.meta.dirname, '..', '..');
const content = loadContent(join(root, 'resources', 'content'));
const shape = (s: ReturnType<typeof visibleSections>) => s.map((x) => [x.section.id, x.questions.map((q) => q.id)]);

describe('kiosk visibility', () => {
  it('shows the same sections and questions as the content module for 3,000 generated intakes', () => {
    const rand = seededRandom(7);
    for (let i = 0; i < 3000; i++) {
      const answers = randomAnswers(content.questionnaire, rand);
      // Also with answers half-given, as on screen while the patient is still going.
      const partial = Object.fromEntries(Object.entries(answers).filter(() => rand() < 0.5)) as IntakeAnswers;
      expect(shape(kioskVisibleSections(content.questionnaire, answers))).toEqual(shape(visibleSections(content.questionnaire, answers)));
      expect(shape(kioskVisibleSections(content.questionnaire, partial))).toEqual(shape(visibleSections(content.questionnaire, partial)));
    }
  });

  it('evaluates every kind of condition as the content module does', () => {
    const answers: IntakeAnswers = {
      sex: 'female',
      weight_kg: 90,
      height_cm: 160,
      pain_regions: ['groin-left', 'knee-right'],
      pain_duration: { value: 3, unit: 'weeks' },
      pain_now: 6,
      runs: true,
    };
    const get = (id: string) => answers[id];
    const conds: Cond[] = [
      { question: 'sex', equals: 'female' },
      { question: 'runs', equals: false },
      { question: 'pain_regions', includesAny: ['knee-right', 'thigh-left'] },
      { question: 'pain_regions', includesAll: ['knee-right', 'thigh-left'] },
      { question: 'sex', includesAny: ['female', 'not_say'] },
      { question: 'pain_duration', atLeast: 21 },
      { question: 'pain_duration', atMost: 20 },
      { question: 'pain_now', atMost: 6 },
      { question: 'pregnant', answered: false },
      { question: 'pregnant', equals: 'yes' },
      { bmiAtLeast: 35 },
      { bmiAtLeast: 30 },
      { not: { any: [{ question: 'sex', equals: 'male' }, { all: [{ question: 'runs', equals: true }, { question: 'pain_now', atLeast: 7 }] }] } },
    ];
    for (const c of conds) expect(kioskEvalCond(c, get), JSON.stringify(c)).toBe(evalCond(c, get));
  });

  it('the kiosk renderer imports only types from modules that build zod schemas', () => {
    const lib = ['i18n.ts', 'kiosk-constants.ts', 'kiosk-visibility.ts', 'kiosk-answers.ts', 'keyboard-layouts.ts', 'idle-guard.ts', 'dob.ts'];
    const zodModules = /from ['"](zod|[./]+src-main\/(core\/content\/(schema|visibility|cond|load)|api\/(schemas|contract|methods\/\w+))|[./]*zod-config)['"]|import ['"][./]*lib\/zod-config['"]/;
    const kioskFiles = [
      ...readdirSync(join(root, 'src-renderer/kiosk')).filter((f) => /\.(ts|svelte)$/.test(f)).map((f) => join('src-renderer/kiosk', f)),
      ...lib.map((f) => join('src-renderer/lib', f)),
    ];
    const offenders = kioskFiles.flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .filter((line) => zodModules.test(line) && !/^\s*import type /.test(line))
        .map((line) => `${f}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
