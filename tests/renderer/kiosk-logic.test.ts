/**
 * The kiosk's pure pieces: constants in step with the content schema, keyboard, idle guard, date picker, answer checks.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BODY_REGIONS, DURATION_UNITS, type Questionnaire } from '../../src-main/core/content/schema';
import { applyKey, autoShift, layoutFor } from '../../src-renderer/lib/keyboard-layouts';
import { languageOf } from '../../src-main/core/locales/catalog';
import { LOCALES } from '../support/handout';
import { IdleGuard } from '../../src-renderer/lib/idle-guard';
import { daysInMonth, decades, formatDate, isoDate, monthNames } from '../../src-renderer/lib/dob';
import { checkIdentity, checkScreen, problemsFromServer } from '../../src-renderer/lib/kiosk-answers';

const root = join(import.meta.dirname, '..', '..');
const en = JSON.parse(readFileSync(join(root, 'resources/locales/en.json'), 'utf8')) as {
  kiosk: Record<string, string>;
};
const questionnaire = JSON.parse(
  readFileSync(join(root, 'resources/content/questionnaire.json'), 'utf8'),
) as Questionnaire;
const question = (id: string) => questionnaire.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;

describe('kiosk strings', () => {
  it('every kiosk string exists in every language, including a name for every body region and unit', () => {
    for (const l of LOCALES.languages) {
      expect(Object.keys(l.kiosk).sort(), l.code).toEqual(Object.keys(en.kiosk).sort());
      for (const r of BODY_REGIONS) expect(l.kiosk[`region.${r}`], `${l.code} ${r}`).toBeTruthy();
      for (const u of DURATION_UNITS) expect(l.kiosk[`unit.${u}`], `${l.code} ${u}`).toBeTruthy();
    }
  });
});

const keyboard = (code: string) => languageOf(LOCALES, code).keyboard;

describe('on-screen keyboard', () => {
  it('inserts at the caret, replaces a selection, and deletes whole characters (surrogate pairs too)', () => {
    expect(applyKey({ value: 'Zo', start: 2, end: 2 }, 'ë', false)).toEqual({ value: 'Zoë', start: 3, end: 3 });
    expect(applyKey({ value: 'Zxe', start: 1, end: 2 }, 'o', false)).toEqual({ value: 'Zoe', start: 2, end: 2 });
    expect(applyKey({ value: 'Ann', start: 3, end: 3 }, 'a', true).value).toBe('AnnA');
    expect(applyKey({ value: 'ab😀', start: 4, end: 4 }, '{bksp}', false)).toEqual({ value: 'ab', start: 2, end: 2 });
    expect(applyKey({ value: '', start: 0, end: 0 }, '{bksp}', false).value).toBe('');
    expect(applyKey({ value: 'Jo', start: 2, end: 2 }, '{space}', false).value).toBe('Jo ');
    expect(applyKey({ value: 'Jo', start: 2, end: 2 }, '{shift}', false).value).toBe('Jo');
  });

  it('has ñ and the Spanish accents in Spanish, an accents layer in English, and number pads for numbers', () => {
    const keys = (rows: string[][]) => rows.flat();
    const spanish = keys(layoutFor('text', keyboard('es'), 'letters'));
    for (const k of ['ñ', 'á', 'é', 'í', 'ó', 'ú', 'ü', '¿', '¡']) expect(spanish).toContain(k);
    // A name has no question or exclamation marks, in any layer.
    for (const layer of ['letters', 'accents'] as const)
      for (const k of ['¿', '¡', '?', ','])
        expect(keys(layoutFor('name', keyboard('es'), layer)), `${layer} ${k}`).not.toContain(k);
    expect(keys(layoutFor('name', keyboard('en'), 'letters'))).not.toContain('ë');
    expect(keys(layoutFor('name', keyboard('en'), 'accents'))).toEqual(
      expect.arrayContaining(['ë', 'é', 'ñ', 'ç', 'ø']),
    );
    expect(keys(layoutFor('phone', keyboard('en'), 'letters'))).toEqual(
      expect.arrayContaining(['+', '0', '9', '{bksp}']),
    );
    expect(keys(layoutFor('number', keyboard('es'), 'letters'))).not.toContain('.');
    // Decimals with the separator each language writes, as its locale file says.
    expect(keys(layoutFor('decimal', keyboard('es'), 'letters'))).toContain(',');
    expect(keys(layoutFor('decimal', keyboard('es'), 'letters'))).not.toContain('.');
    expect(keys(layoutFor('decimal', keyboard('fr'), 'letters'))).toContain(',');
    expect(keys(layoutFor('decimal', keyboard('en'), 'letters'))).toContain('.');
  });

  it("takes every language's letters and everyday accents from its locale file", () => {
    for (const l of LOCALES.languages) {
      const rows = layoutFor('text', l.keyboard, 'letters');
      expect(rows.slice(1, 1 + l.keyboard.letters.length), l.code).toEqual(l.keyboard.letters);
      for (const k of l.keyboard.accents) expect(rows.flat(), `${l.code} ${k}`).toContain(k);
    }
  });

  it('capitalises the start of each part of a name only', () => {
    expect(autoShift('name', '')).toBe(true);
    expect(autoShift('name', 'Ana ')).toBe(true);
    expect(autoShift('name', 'Ana-')).toBe(true);
    expect(autoShift('name', 'An')).toBe(false);
    expect(autoShift('text', '')).toBe(false);
  });
});

describe('idle guard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function guard() {
    const events: string[] = [];
    const g = new IdleGuard({
      idleMs: 60_000,
      countdownSeconds: 20,
      onPrompt: (s) => events.push(`prompt ${s}`),
      onTick: (s) => events.push(`tick ${s}`),
      onExpire: () => events.push('expire'),
      onResume: () => events.push('resume'),
    });
    return { g, events };
  }

  it('prompts after the idle time, counts down, and expires when nobody answers', () => {
    const { g, events } = guard();
    g.start();
    vi.advanceTimersByTime(59_999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['prompt 20']);
    vi.advanceTimersByTime(19_000);
    expect(events.at(-1)).toBe('tick 1');
    vi.advanceTimersByTime(1000);
    expect(events.at(-1)).toBe('expire');
    vi.advanceTimersByTime(120_000);
    expect(events.filter((e) => e === 'expire')).toHaveLength(1);
  });

  it('activity restarts the wait; during the prompt only "still here" does', () => {
    const { g, events } = guard();
    g.start();
    vi.advanceTimersByTime(50_000);
    g.activity();
    vi.advanceTimersByTime(50_000);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual(['prompt 20']);
    g.activity();
    vi.advanceTimersByTime(5000);
    expect(g.prompting).toBe(true);
    g.stillHere();
    expect(events.at(-1)).toBe('resume');
    vi.advanceTimersByTime(59_000);
    expect(events.filter((e) => e.startsWith('prompt'))).toHaveLength(1);
  });

  it('does nothing once stopped', () => {
    const { g, events } = guard();
    g.start();
    g.stop();
    g.activity();
    vi.advanceTimersByTime(200_000);
    expect(events).toEqual([]);
  });
});

describe('date of birth picker', () => {
  it('offers real days only, decades back to 1900, and no year after this one', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1990, 4)).toBe(30);
    expect(decades(2026)[0]).toBe(1900);
    expect(decades(2026).at(-1)).toBe(2020);
    expect(isoDate(1990, 4, 2)).toBe('1990-04-02');
  });

  it("names months and dates in the patient's language, day first", () => {
    expect(monthNames('es')[3]).toBe('Abril');
    expect(formatDate('1990-04-12', 'en-GB')).toBe('12 April 1990');
    expect(formatDate('1990-04-12', 'es-ES')).toBe('12 de abril de 1990');
  });
});

describe('kiosk answers', () => {
  it('explains an empty name, a missing or future date of birth, and a bad phone', () => {
    expect(checkIdentity({ fullName: '  ', dateOfBirth: '', phone: '' }, '2026-11-26')).toEqual({
      fullName: { key: 'kiosk.error.name' },
      dateOfBirth: { key: 'kiosk.error.dobMissing' },
    });
    expect(checkIdentity({ fullName: 'Ana', dateOfBirth: '2026-11-27', phone: 'call me' }, '2026-11-26')).toEqual({
      dateOfBirth: { key: 'kiosk.error.dobFuture' },
      phone: { key: 'kiosk.error.phone' },
    });
    expect(
      checkIdentity({ fullName: 'Ana', dateOfBirth: '2026-11-26', phone: '+44 (0)20 7946-0000' }, '2026-11-26'),
    ).toEqual({});
  });

  it("asks for required answers and numbers inside the question's range", () => {
    const qs = [question('pregnant'), question('pregnancy_weeks'), question('previous_pregnancies')];
    expect(checkScreen(qs, {})).toEqual({
      pregnant: { key: 'kiosk.error.required' },
      pregnancy_weeks: { key: 'kiosk.error.required' },
    });
    expect(checkScreen(qs, { pregnant: 'yes', pregnancy_weeks: 50 })).toEqual({
      pregnancy_weeks: { key: 'kiosk.error.range', values: { min: 1, max: 42 } },
    });
    expect(checkScreen(qs, { pregnant: 'yes', pregnancy_weeks: 28.5 })).toEqual({
      pregnancy_weeks: { key: 'kiosk.error.whole' },
    });
    expect(checkScreen(qs, { pregnant: 'yes', pregnancy_weeks: 28 })).toEqual({});
  });

  it('maps server field errors back to the field or question the kiosk shows', () => {
    expect(
      problemsFromServer([{ path: 'patient.dateOfBirth' }, { path: 'answers.pain_regions[2]' }, { path: 'locale' }]),
    ).toEqual({
      dateOfBirth: { key: 'kiosk.error.dobFuture' },
      pain_regions: { key: 'kiosk.error.check' },
    });
  });
});
