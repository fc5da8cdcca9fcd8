/**
 * A language is data only: a copy of resources/ with a fourth language ("xx") added as a locale file and as text in
 * every content file is enough for the kiosk to take an intake in it and for a handout to be printed in it. Text
 * missing in that language fails loading, naming the file and the path.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError, loadContent } from '../../src-main/core/content/load';
import { CONTENT_FILES } from '../../src-main/core/content/schema';
import { closeHandoutWorker } from '../../src-main/core/handout/pdf-worker-client';
import { loadLocales } from '../../src-main/core/locales/load';
import type { KioskSettings } from '../../src-main/api/methods/intake';
import type { GeneratedHandout, SuggestedPlan } from '../../src-main/api/methods/handouts';
import { loadVignettes, makeTestCore, repoRoot, submissionFor, type TestCore } from '../support/core';
import { testEngineUnavailable } from '../support/test-engine';
import { readPdf } from '../support/handout';

const CODE = 'xx';
/** Every text in the test language is the English text behind this mark, so the PDF shows which language it is. */
const mark = (en: string) => `XX ${en}`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Text in several languages: an object with English and Spanish strings (the languages every file already has). */
const isI18nText = (v: Json): v is Record<string, string> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && typeof v['en'] === 'string' && typeof v['es'] === 'string';

function withTestLanguage(v: Json): Json {
  if (Array.isArray(v)) return v.map(withTestLanguage);
  if (isI18nText(v)) return { ...v, [CODE]: mark(v['en']!) };
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withTestLanguage(x)]));
  return v;
}

function markMessages(v: Json): Json {
  if (typeof v === 'string') return mark(v);
  if (v && typeof v === 'object' && !Array.isArray(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, markMessages(x)]));
  return v;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Json;
const writeJson = (path: string, v: Json) => writeFileSync(path, JSON.stringify(v, null, 2));

/** A copy of resources/ with the test language: its locale file (German dates) and its text in every content file. */
function resourcesWithTestLanguage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stride-languages-'));
  cpSync(join(repoRoot, 'resources'), dir, { recursive: true });
  const en = readJson(join(dir, 'locales', 'en.json')) as { [k: string]: Json };
  writeJson(join(dir, 'locales', `${CODE}.json`), {
    language: { name: 'Xx-Sprache', englishName: 'Test language', intl: 'de-DE' },
    keyboard: {
      letters: ['q w e r t z u i o p ü', 'a s d f g h j k l ö ä', 'y x c v b n m'],
      accents: 'ß',
      decimal: ',',
    },
    kiosk: markMessages(en['kiosk']!),
    handout: markMessages(en['handout']!),
    record: markMessages(en['record']!),
  });
  for (const file of CONTENT_FILES)
    writeJson(join(dir, 'content', file), withTestLanguage(readJson(join(dir, 'content', file))));
  return dir;
}

let resources: string;
const content = () => loadContent(join(resources, 'content'));
beforeAll(() => {
  resources = resourcesWithTestLanguage();
});
afterAll(async () => {
  await closeHandoutWorker();
  rmSync(resources, { recursive: true, force: true });
});

describe('a fourth language added as data', () => {
  it('is found in the locales folder and every content file loads with its text', () => {
    const locales = loadLocales(join(resources, 'locales'));
    const codes = locales.languages.map((l) => l.code);
    expect(codes[0]).toBe('en');
    expect(codes).toEqual(expect.arrayContaining(['es', 'fr', CODE]));
    const content = loadContent(join(resources, 'content'), { locales });
    expect(content.locales).toContain(CODE);
    expect(content.questionnaire.sections[0]!.title[CODE]).toBe(mark(content.questionnaire.sections[0]!.title.en));
    expect(content.library.planTexts.exclusionReasons['supine-from-16-weeks'][CODE]).toMatch(/^XX .*16 weeks/);
  });

  describe('through the real core', () => {
    let t: TestCore;
    beforeAll(async () => {
      if (testEngineUnavailable()) return; // every test skips with the reason (tests/support/engine-setup.ts)
      t = await makeTestCore({ resourcesDir: resources });
    });
    afterAll(() => t?.dispose());

    it('offers it at the kiosk, takes an intake in it, and prints a handout in it', async () => {
      const settings = await t.call(t.kiosk, 'kiosk.settings', {});
      if (!settings.ok) throw new Error(settings.error.message);
      const offered = (settings.value as KioskSettings).languages.find((l) => l.code === CODE);
      expect(offered?.name).toBe('Xx-Sprache');
      expect(offered?.keyboard.letters[0]).toContain('z');
      expect(JSON.stringify(offered?.messages)).toContain(mark('Welcome'));

      const v = loadVignettes()[0]!;
      const submitted = await t.call(t.kiosk, 'intake.submit', {
        ...submissionFor(v, '2026-11-26', 'Jürgen Groß'),
        locale: CODE,
      });
      expect(submitted.ok).toBe(true);
      const sessionId = ((await t.sql.get('SELECT max(id) AS id FROM intake_sessions')) as { id: number }).id;
      expect(
        ((await t.sql.get('SELECT locale FROM intake_sessions WHERE id = ?', sessionId)) as { locale: string }).locale,
      ).toBe(CODE);

      const setup = await t.call(t.staff, 'staff.setup', { name: 'Dr Ana Ruiz', pin: '246813' });
      expect(setup.ok).toBe(true);
      const suggested = await t.call(t.staff, 'handout.suggest', { sessionId });
      if (!suggested.ok) throw new Error(suggested.error.message);
      const { plan, locale } = suggested.value as SuggestedPlan;
      expect(locale).toBe(CODE);
      const generated = await t.call(t.staff, 'handout.generate', { sessionId, plan });
      if (!generated.ok) throw new Error(generated.error.message);
      const text = await readPdf(Buffer.from((generated.value as GeneratedHandout).pdfBase64, 'base64'));
      expect(text.all).toContain(mark('Your home exercise plan'));
      expect(text.all).toContain('Jürgen Groß');
      // The date is written by Intl with the locale file's tag (de-DE), not by code that knows the language.
      expect(text.all).toContain('26. November 2026');
      const first = content().library.byId.get(plan.exercises[0]!.exerciseId)!;
      expect(text.all).toContain(mark(first.name.en));
    });

    it('lets the clinic offer only languages Stride has, and shows every one until it chooses', async () => {
      const before = await t.call(t.staff, 'admin.settings.get', {});
      if (!before.ok) throw new Error(before.error.message);
      const settings = before.value as { languages: string[] };
      expect(settings.languages).toContain(CODE);
      const bad = await t.call(t.staff, 'admin.settings.update', {
        settings: { ...settings, languages: [CODE, 'zz'] },
      });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.fields?.[0]?.path).toBe('settings.languages.1');
      const good = await t.call(t.staff, 'admin.settings.update', {
        settings: { ...settings, languages: [CODE, 'en'] },
      });
      expect(good.ok).toBe(true);
      const kiosk = await t.call(t.kiosk, 'kiosk.settings', {});
      if (kiosk.ok) expect((kiosk.value as KioskSettings).languages.map((l) => l.code)).toEqual([CODE, 'en']);
    });

    it('refuses a language Stride does not have, naming it and the ones it has', async () => {
      const v = loadVignettes()[0]!;
      const r = await t.call(t.kiosk, 'intake.submit', { ...submissionFor(v), locale: 'zz' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.fields).toEqual([
        {
          path: 'locale',
          message: expect.stringMatching(new RegExp(`"zz" is not a language Stride has \\(en, .*${CODE}\\)`)),
        },
      ]);
    });
  });

  it('fails loading, naming the file and the path, when one text of that language is missing', () => {
    const file = join(resources, 'content', 'questionnaire.json');
    const original = readFileSync(file, 'utf8');
    try {
      const q = JSON.parse(original) as { sections: { questions: { label: Record<string, string> }[] }[] };
      delete q.sections[0]!.questions[3]!.label[CODE];
      writeFileSync(file, JSON.stringify(q));
      expect(() => loadContent(join(resources, 'content'))).toThrow(ContentError);
      expect(() => loadContent(join(resources, 'content'))).toThrow(
        `questionnaire.json: sections[0].questions[3].label: missing "${CODE}" text`,
      );
    } finally {
      writeFileSync(file, original);
    }
  });

  it('fails loading, naming the file and the key, when its locale file lacks a message', () => {
    const file = join(resources, 'locales', `${CODE}.json`);
    const original = readFileSync(file, 'utf8');
    try {
      const l = JSON.parse(original) as { kiosk: Record<string, string> };
      delete l.kiosk['welcome.title'];
      writeFileSync(file, JSON.stringify(l));
      expect(() => loadLocales(join(resources, 'locales'))).toThrow(`${CODE}.json: kiosk.welcome.title: missing text`);
    } finally {
      writeFileSync(file, original);
    }
  });
});
