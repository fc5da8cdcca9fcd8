import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, loadContent, parseContent } from '../../src-main/core/content/load';
import { CONTENT_FILES } from '../../src-main/core/content/schema';
import { CONTENT_DIR, ILLUSTRATIONS_DIR, LOCALES } from '../support/handout';

const read = (name: string): unknown => JSON.parse(readFileSync(join(CONTENT_DIR, name), 'utf8'));
const raw = () => ({
  exercises: read('exercises.json') as { exercises: Record<string, unknown>[] },
  advice: read('handout-advice.json') as Record<string, unknown>,
});
/** The library from the real clinical files and these handout files, loaded as the app loads it. */
function parseExerciseLibrary(exercises: unknown, advice: unknown) {
  const files: Record<string, unknown> = Object.fromEntries(CONTENT_FILES.map((n) => [n, read(n)]));
  return parseContent({ ...files, 'exercises.json': exercises, 'handout-advice.json': advice }, LOCALES).library;
}

// Every exercise the clinic's source material names, plus the pregnancy and return-to-activity options.
const REQUIRED = [
  'wall-foot-press',
  'band-hip-abduction',
  'band-hip-extension',
  'quadriceps-stretch',
  'hip-flexor-stretch',
  'plank',
  'side-plank',
  'bridge',
  'clamshell',
  'side-step-up',
  'trx-lunge',
  'single-leg-deadlift',
  'pirate-stretch',
  'foam-roll-outer-thigh',
  'fire-hydrant',
  'lateral-band-walk',
  'monster-walk',
  'hamstring-stretch',
  'seated-piriformis-stretch',
  'childs-pose',
  'water-walking',
  'swimming',
  'cycling',
  'walking',
];

describe('exercise library', () => {
  const lib = loadContent(CONTENT_DIR, { locales: LOCALES }).library;

  it('has every exercise the issue lists, each with en+es name and at least two steps', () => {
    for (const id of REQUIRED) {
      const e = lib.byId.get(id);
      expect(e, id).toBeDefined();
      expect(e!.steps.length).toBeGreaterThanOrEqual(2);
      expect(e!.name.es).not.toBe(e!.name.en);
    }
  });

  it('offers a pregnancy-safe alternative for every exercise done lying on the back or front', () => {
    for (const e of lib.exercises.filter((x) => x.positions.includes('supine') || x.positions.includes('prone'))) {
      expect(e.pregnancyAlternatives.length, e.id).toBeGreaterThan(0);
    }
    expect(lib.byId.get('bridge')!.pregnancyAlternatives).toContain('side-lying-hip-extension');
  });

  it('words the wall foot press soberly: no claim of correcting leg length', () => {
    const e = lib.byId.get('wall-foot-press')!;
    const text = [e.purpose.en, ...e.steps.map((s) => s.en)].join(' ');
    expect(text).not.toMatch(/shorter leg/i);
    expect(e.purpose.en).toMatch(/does not change the length/i);
  });

  it('keeps medication advice off handouts (clinician only)', () => {
    const printed = [...lib.advice.advice, ...lib.advice.pregnancyAdvice].map((a) => a.text.en).join(' ');
    expect(printed).not.toMatch(/medic|anti-inflammator|ibuprofen|paracetamol/i);
    expect(lib.advice.clinicianOnly.some((a) => a.id === 'medication')).toBe(true);
  });

  it('has one line-art SVG per exercise: no text, no gradients, one stroke width', () => {
    const files = new Set(readdirSync(ILLUSTRATIONS_DIR));
    for (const e of lib.exercises) {
      expect(files.has(e.illustration), e.illustration).toBe(true);
      const svg = readFileSync(join(ILLUSTRATIONS_DIR, e.illustration), 'utf8');
      expect(svg).not.toMatch(/<text|Gradient|<image/);
      expect(svg).toMatch(/<g fill="none" stroke-width="3.2"/);
    }
  });

  it('versions content by hash: same content same hash, any text change a new hash', () => {
    const a = raw();
    const h1 = parseExerciseLibrary(a.exercises, a.advice).contentHash;
    expect(parseExerciseLibrary(raw().exercises, raw().advice).contentHash).toBe(h1);
    const b = raw();
    (b.exercises.exercises[0]!.name as { en: string }).en += ' (changed)';
    expect(parseExerciseLibrary(b.exercises, b.advice).contentHash).not.toBe(h1);
    expect(h1).toBe(lib.contentHash);
  });

  it('names the offending path when a translation is missing', () => {
    const b = raw();
    const steps = b.exercises.exercises[2]!.steps as { en: string; es?: string }[];
    delete steps[1]!.es;
    expect(() => parseExerciseLibrary(b.exercises, b.advice)).toThrow(
      /exercises\.json: exercises\[2\]\.steps\[1\]: missing "es" text/,
    );
  });

  it('rejects out-of-range default dosage, unknown alternatives and duplicate ids', () => {
    const b = raw();
    (b.exercises.exercises[0]!.dosage as { timesPerDay: number }).timesPerDay = 9;
    expect(() => parseExerciseLibrary(b.exercises, b.advice)).toThrow(/exercises\[0\]\.dosage\.timesPerDay/);

    const c = raw();
    c.exercises.exercises[0]!.pregnancyAlternatives = ['no-such-exercise'];
    expect(() => parseExerciseLibrary(c.exercises, c.advice)).toThrow(/unknown exercise "no-such-exercise"/);

    const d = raw();
    d.exercises.exercises.push({ ...d.exercises.exercises[0]! });
    expect(() => parseExerciseLibrary(d.exercises, d.advice)).toThrow(ContentError);
  });

  it('gives every exercise progression stages or the reason it has none, and refuses neither or both', () => {
    const library = loadContent(CONTENT_DIR, { locales: LOCALES }).library;
    const staged = library.exercises.filter((e) => e.progression);
    for (const e of library.exercises) expect(!!e.progression !== !!e.noProgression, e.id).toBe(true);
    // Stages are the rule, a reason the exception (gentle warm-ups that stay the same).
    expect(staged.length).toBeGreaterThanOrEqual(library.exercises.length - 3);
    for (const e of staged) {
      const p = e.progression!;
      expect(p.easier ?? p.harder, e.id).toBeTruthy();
      // Each criterion to move on holds whatever the condition: no pain score, and it ends in what to check.
      for (const c of [p.easier?.moveOn, p.moveOn].filter((x) => x !== undefined))
        for (const text of Object.values(c)) expect(text, e.id).not.toMatch(/\d+\s*\/\s*10/);
    }

    const b = raw();
    const i = b.exercises.exercises.findIndex((e) => e.noProgression);
    delete b.exercises.exercises[i]!.noProgression;
    expect(() => parseExerciseLibrary(b.exercises, b.advice)).toThrow(new RegExp(`exercises\\[${i}\\].*noProgression`));
    const c = raw();
    const j = c.exercises.exercises.findIndex((e) => e.progression);
    c.exercises.exercises[j]!.noProgression = 'Stays the same in every plan.';
    expect(() => parseExerciseLibrary(c.exercises, c.advice)).toThrow(new RegExp(`exercises\\[${j}\\]`));
  });

  it('rejects a pregnancy alternative that is itself unsafe in pregnancy', () => {
    const b = raw();
    const bridge = b.exercises.exercises.find((e) => e.id === 'bridge')!;
    bridge.pregnancyAlternatives = ['plank'];
    expect(() => parseExerciseLibrary(b.exercises, b.advice)).toThrow(/"plank" is itself not suitable in pregnancy/);
  });

  it('reports a missing illustration file', () => {
    expect(() => loadContent(CONTENT_DIR, { locales: LOCALES, illustrationsDir: '/nonexistent' })).toThrow(
      /exercises\[0\]\.illustration: .* not found/,
    );
  });

  it('names an exercise or advice that refers to a condition conditions.json does not have', () => {
    const b = raw();
    b.exercises.exercises[1]!.conditions = ['gtps', 'trochanteric-bursitis'];
    const advice = b.advice['advice'] as { conditions: string[] | '*' }[];
    advice[0]!.conditions = ['no-such-condition'];
    expect(() => parseExerciseLibrary(b.exercises, b.advice)).toThrow(
      /exercises\.json: exercises\[1\]\.conditions\[1\]: unknown condition id "trochanteric-bursitis"/,
    );
    expect(() => parseExerciseLibrary(b.exercises, b.advice)).toThrow(
      /handout-advice\.json: advice\[0\]\.conditions\[0\]: unknown condition id "no-such-condition"/,
    );
  });
});
