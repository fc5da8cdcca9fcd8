import { afterAll, describe, expect, it } from 'vitest';
import { missingGlyphs } from '../../src-main/core/handout/fonts';
import { buildHandoutInput } from '../../src-main/core/handout/input';
import type { HandoutInput } from '../../src-main/core/handout/input';
import { renderHandoutPdf } from '../../src-main/core/handout/pdf';
import { closeHandoutWorker, renderHandoutInWorker } from '../../src-main/core/handout/pdf-worker-client';
import { addExercise, applyPregnancyRules, recordPregnancyScreen, suggestPlan } from '../../src-main/core/handout/plan';
import type { Plan } from '../../src-main/core/handout/plan';
import { dosageLines } from '../../src-main/core/handout/labels';
import { embeddedFonts, handoutLanguage, inkRatios, labels, loadLibrary, readPdf } from '../support/handout';

const library = loadLibrary();
const LABELS = { en: labels('en'), es: labels('es') };
const clinic = { name: 'Riverside Physiotherapy', phone: '020 7946 0000' };

function input(
  plan: Plan,
  patientName = 'Zoë Núñez',
  clinicianName = 'Łukasz Kowalski',
  paper: 'A4' | 'Letter' = 'A4',
): HandoutInput {
  return buildHandoutInput({
    plan,
    library,
    clinic,
    patientName,
    clinicianName,
    date: '2026-11-26',
    paper,
    language: handoutLanguage(plan.locale),
  });
}

/** What the dosage box must say, built from the plan's numbers and the handout's own wording. */
function dosageTexts(plan: Plan, locale: string): string[] {
  const L = labels(locale);
  return plan.exercises.flatMap(({ dosage: d }) => dosageLines(d, L));
}

afterAll(() => closeHandoutWorker());

describe('handout PDF', () => {
  it('prints each chosen exercise, its dosage, the advice and the warning signs (English)', async () => {
    const plan = suggestPlan({ library, conditionIds: ['itb-syndrome'], locale: 'en' });
    const pdf = await renderHandoutPdf(input(plan));
    const text = await readPdf(pdf);
    for (const e of plan.exercises) {
      const ex = library.byId.get(e.exerciseId)!;
      expect(text.all).toContain(ex.name.en);
      expect(text.all).toContain(ex.steps[0]!.en);
    }
    for (const d of dosageTexts(plan, 'en')) expect(text.all).toContain(d);
    for (const a of plan.advice) expect(text.all).toContain(a.text.en);
    for (const w of plan.warningSigns) expect(text.all).toContain(w.text.en);
    expect(text.all).toContain(LABELS.en.tickSheet);
    expect(text.all).toContain(LABELS.en.page(1, text.numPages));
    expect(text.info.Title).toBe(LABELS.en.documentTitle('Zoë Núñez'));
    expect(String(text.info.Author)).toContain('Łukasz Kowalski');
  });

  it('a 28-week pregnancy handout has no supine or prone exercise and names what was left out and why', async () => {
    let base = suggestPlan({ library, conditionIds: ['fai', 'labral-tear'], locale: 'en' });
    for (const id of ['bridge', 'plank']) base = addExercise(base, library, id);
    const plan = recordPregnancyScreen(applyPregnancyRules(base, 28, library), library, {
      contraindicated: false,
      by: 'Łukasz Kowalski',
    });
    const text = await readPdf(await renderHandoutPdf(input(plan)));
    // The exercise pages (before "Left out for your safety") must not show any supine or prone exercise.
    const exercisePart = text.all.slice(text.all.indexOf(LABELS.en.yourExercises), text.all.indexOf(LABELS.en.leftOut));
    expect(exercisePart.length).toBeGreaterThan(500);
    const word = (s: string) => new RegExp(`(^|[^A-Za-z])${s.replace(/[()]/g, '\\$&')}([^A-Za-z]|$)`);
    for (const e of library.exercises.filter((x) => x.positions.includes('supine') || x.positions.includes('prone'))) {
      expect(exercisePart, e.id).not.toMatch(word(e.name.en));
    }
    for (const p of plan.exercises) expect(exercisePart).toMatch(word(library.byId.get(p.exerciseId)!.name.en));
    for (const x of plan.exclusions) {
      expect(text.all).toContain(library.byId.get(x.exerciseId)!.name.en);
      expect(text.all).toContain(x.reason.en);
    }
    expect(plan.exclusions.map((x) => x.exerciseId)).toEqual(expect.arrayContaining(['bridge', 'plank']));
    for (const s of library.advice.pregnancyWarningSigns) expect(text.all).toContain(s.text.en);
    expect(text.all).toContain(LABELS.en.pregnancy(28));
  });

  it('a Spanish handout is in Spanish', async () => {
    const plan = suggestPlan({ library, conditionIds: ['pelvic-girdle-pain'], pregnancyWeeks: 20, locale: 'es' });
    const text = await readPdf(await renderHandoutPdf(input(plan)));
    const es = LABELS.es;
    for (const label of [es.title, es.yourExercises, es.stopMaternity, es.tickSheet, es.page(1, text.numPages)])
      expect(text.all).toContain(label);
    for (const e of plan.exercises) {
      const ex = library.byId.get(e.exerciseId)!;
      expect(text.all).toContain(ex.name.es);
      expect(text.all).not.toContain(ex.steps[0]!.en);
    }
    for (const w of plan.warningSigns) expect(text.all).toContain(w.text.es);
    for (const d of dosageTexts(plan, 'es')) expect(text.all).toContain(d);
    for (const en of [LABELS.en.title, LABELS.en.yourExercises, LABELS.en.stopMaternity])
      expect(text.all).not.toContain(en);
    expect(text.all).toContain('26 de noviembre de 2026');
  });

  it('keeps accented and Chinese names with every glyph embedded', async () => {
    const names = ['Zoë', 'Núñez', 'Łukasz', '李雷'];
    expect(missingGlyphs(names.join(' '))).toEqual([]);
    const plan = suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' });
    const pdf = await renderHandoutPdf(input(plan, 'Zoë Núñez 李雷', 'Łukasz Nowak'));
    const text = await readPdf(pdf);
    for (const n of names) expect(text.all).toContain(n);
    const fonts = embeddedFonts(pdf);
    expect(fonts.length).toBeGreaterThanOrEqual(3); // regular, bold and the CJK fallback
    expect(fonts.every((f) => f.embedded)).toBe(true);
    expect(fonts.some((f) => /CJK|Hans|SC|Fallback|Hei/i.test(f.name))).toBe(true);
  });

  it('loads no CJK font when the text does not need one', async () => {
    const plan = suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' });
    const fonts = embeddedFonts(await renderHandoutPdf(input(plan, 'Zoë Núñez', 'Ana Pérez')));
    expect(fonts.map((f) => f.name).every((n) => n.includes('StrideSans'))).toBe(true);
  });

  it('renders pages that are not blank, on A4 and Letter', async () => {
    const plan = suggestPlan({ library, conditionIds: ['hip-oa'], pregnancyWeeks: 30, locale: 'en' });
    for (const paper of ['A4', 'Letter'] as const) {
      const pdf = await renderHandoutPdf(input(plan, 'Zoë Núñez', 'Ana Pérez', paper));
      const ratios = inkRatios(pdf);
      expect(ratios.length).toBeGreaterThan(1);
      for (const r of ratios) expect(r).toBeGreaterThan(0.01);
      const head = Buffer.from(pdf).subarray(0, 3000).toString('latin1');
      expect(head).toMatch(paper === 'A4' ? /MediaBox \[0 0 595\.28 841\.89\]/ : /MediaBox \[0 0 612 792\]/);
    }
  });

  it('prints the clinic logo when given one', async () => {
    // 2x2 opaque PNG
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAOBgEBfY9j5QAAAABJRU5ErkJggg==',
      'base64',
    );
    const plan = suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' });
    const pdf = await renderHandoutPdf({ ...input(plan), clinic: { ...clinic, logoPng: png } });
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/Subtype \/Image/);
  });

  it('refuses an invalid input with the field named', async () => {
    const plan = suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' });
    const bad = { ...input(plan), patientName: '  ' };
    await expect(renderHandoutPdf(bad)).rejects.toThrow(/patientName/);
  });

  it('renders the same handout on a worker thread', async () => {
    const plan = suggestPlan({ library, conditionIds: ['deep-gluteal-syndrome'], locale: 'es' });
    const inp = input(plan, 'Łukasz 李雷');
    const [direct, viaWorker] = await Promise.all([renderHandoutPdf(inp), renderHandoutInWorker(inp)]);
    expect((await readPdf(viaWorker)).all).toBe((await readPdf(direct)).all);
    const bad = { ...inp, date: 'yesterday' };
    await expect(renderHandoutInWorker(bad)).rejects.toThrow(/date/);
  });
});
