/**
 * What the handout prints of the safety rules and progressions, read back from the PDF with pdfjs: dosage wording,
 * sides, cautions, the stage and its criterion to move on, the stop box routing with the clinic phone, the pregnancy
 * badge only after the screen, and the page layout.
 */
import { describe, expect, it } from 'vitest';
import { buildHandoutInput } from '../../src-main/core/handout/input';
import { dosageLines } from '../../src-main/core/handout/labels';
import { renderHandoutPdf } from '../../src-main/core/handout/pdf';
import {
  addExercise,
  applyPregnancyRules,
  recordPregnancyScreen,
  setSide,
  setStage,
  suggestPlan,
} from '../../src-main/core/handout/plan';
import type { Plan } from '../../src-main/core/handout/plan';
import { handoutLanguage, labels, loadLibrary, readPdf } from '../support/handout';

const library = loadLibrary();
const en = labels('en');
const PHONE = '020 7946 0000';
const ex = (id: string) => library.byId.get(id)!;

async function printed(plan: Plan, phone: string | null = PHONE) {
  const input = buildHandoutInput({
    plan,
    library,
    clinic: { name: 'Riverside Physiotherapy', ...(phone ? { phone } : {}) },
    patientName: 'Zoë Núñez',
    clinicianName: 'Łukasz Kowalski',
    date: '2026-11-26',
    language: handoutLanguage(plan.locale),
  });
  return readPdf(await renderHandoutPdf(input));
}

describe('dosage wording', () => {
  it('prints holds as "Hold 20 seconds, 3 times", never "3 sets of 1"', () => {
    const base = { timesPerDay: 1, daysPerWeek: 3 };
    expect(dosageLines({ ...base, sets: 3, reps: 1, holdSeconds: 20 }, en)[0]).toBe('Hold 20 seconds, 3 times');
    expect(dosageLines({ ...base, sets: 1, reps: 3, holdSeconds: 30 }, en)[0]).toBe('Hold 30 seconds, 3 times');
    expect(dosageLines({ ...base, sets: 1, reps: 1, holdSeconds: 30 }, en)[0]).toBe('Hold 30 seconds');
    expect(dosageLines({ ...base, sets: 3, reps: 10, holdSeconds: 3 }, en).slice(0, 2)).toEqual([
      '3 sets of 10',
      'Hold each for 3 seconds',
    ]);
    expect(dosageLines({ ...base, sets: 3, reps: 1, holdSeconds: 20 }, labels('es'))[0]).toBe(
      'Mantenga 20 segundos, 3 veces',
    );
    expect(dosageLines({ ...base, sets: 3, reps: 1, holdSeconds: 20 }, labels('fr'))[0]).toBe(
      'Tenez 20 secondes, 3 fois',
    );
    for (const e of library.exercises) expect(dosageLines(e.dosage, en).join(' ')).not.toMatch(/ of 1\b|× 1\b/);
  });
});

describe('printed plan', () => {
  it('prints the side, the caution for the patient and the stage with its criterion to move on', async () => {
    let plan = suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' });
    const oneSided = plan.exercises.find((e) => ex(e.exerciseId).oneSided)!.exerciseId;
    plan = setSide(plan, library, oneSided, 'left');
    expect(plan.exercises.map((e) => e.exerciseId)).toContain('bridge');
    plan = setStage(plan, library, 'bridge', 'easier');
    const text = await printed(plan);
    expect(text.all).toContain(en.side.left);
    const bridge = ex('bridge').progression!;
    expect(text.all).toContain(bridge.easier!.how.en);
    expect(text.all).toContain(en.moveOnTo(bridge.easier!.moveOn.en, en.nextStepAsShown));
    // Prescribed stage of another exercise: its criterion and the harder step.
    const withNext = plan.exercises.find((e) => e.exerciseId !== 'bridge' && ex(e.exerciseId).progression?.harder);
    if (withNext) {
      const p = ex(withNext.exerciseId).progression!;
      expect(text.all).toContain(en.moveOnTo(p.moveOn!.en, p.harder!.how.en));
    }
  });

  it('prints only the cautions that concern the patient', async () => {
    const strain = await printed(suggestPlan({ library, conditionIds: ['hip-flexor-strain'], locale: 'en' }));
    const caution = ex('hip-flexor-stretch').contraindications[0]!.text.en;
    expect(strain.all).toContain(ex('hip-flexor-stretch').name.en);
    expect(strain.all).toContain(caution);
    const oa = await printed(suggestPlan({ library, conditionIds: ['hip-oa'], locale: 'en' }));
    expect(oa.all).toContain(ex('hip-flexor-stretch').name.en);
    expect(oa.all).not.toContain(caution);
  });

  it('routes obstetric signs to the maternity unit and others to the clinic, with its phone', async () => {
    const plan = recordPregnancyScreen(
      suggestPlan({ library, conditionIds: ['pelvic-girdle-pain'], pregnancyWeeks: 28, locale: 'en' }),
      library,
      { contraindicated: false, by: 'Dr Ada Osei' },
    );
    const { all } = await printed(plan);
    const maternity = all.indexOf(en.stopMaternity);
    const emergency = all.indexOf(en.stopEmergency);
    const clinic = all.indexOf(en.stopClinic(PHONE));
    expect(maternity).toBeGreaterThan(-1);
    expect(clinic).toBeGreaterThan(maternity);
    expect(en.stopClinic(PHONE)).toContain(PHONE);
    const at = (id: string) => all.indexOf(library.advice.pregnancyWarningSigns.find((w) => w.id === id)!.text.en);
    for (const id of ['vaginal-bleeding', 'fluid-leaking', 'contractions', 'chest-pain']) {
      expect(at(id), id).toBeGreaterThan(maternity);
      expect(at(id), id).toBeLessThan(emergency > -1 ? emergency : clinic);
    }
    const weakness = at('muscle-weakness');
    expect(weakness).toBeGreaterThan(clinic);
    expect(all).toContain(en.pregnancy(28));
  });

  it('a plan for a patient who is not pregnant sends every sign to the clinic or the emergency number', async () => {
    const { all } = await printed(suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' }), null);
    expect(all).not.toContain(en.stopMaternity);
    expect(all).toContain(en.stopClinic(undefined));
    const emergency = all.indexOf(en.stopEmergency);
    const saddle = library.advice.generalWarningSigns.find((w) => w.id === 'saddle-bladder')!.text.en;
    expect(emergency).toBeGreaterThan(-1);
    expect(all.indexOf(saddle)).toBeGreaterThan(emergency);
  });

  it('badges "adapted for pregnancy" only after the screen; a contraindication prints no exercise', async () => {
    const base = suggestPlan({ library, conditionIds: ['gtps'], pregnancyWeeks: 24, locale: 'en' });
    expect((await printed(base)).all).not.toContain(en.pregnancy(24));
    const none = recordPregnancyScreen(base, library, { contraindicated: true, by: 'Dr Ada Osei' });
    const text = await printed(none);
    expect(text.all).not.toContain(en.pregnancy(24));
    expect(text.all).not.toContain(en.yourExercises);
    expect(text.all).toContain(library.advice.pregnancyScreenAdvice.text.en);
    const unsure = suggestPlan({
      library,
      conditionIds: ['gtps'],
      locale: 'en',
      patient: { pregnancy: { kind: 'uncertain', why: 'not-sure' }, runs: false },
    });
    expect((await printed(unsure)).all).toContain(en.pregnancyUncertain);
  });
});

describe('a condition that needs a medical review first', () => {
  it('prints no exercise, the advice to follow the clinic until seen, and the signs to act on', async () => {
    for (const id of library.advice.reviewBeforeExerciseFor) {
      const plan = suggestPlan({ library, conditionIds: [id, 'hip-oa'], locale: 'en' });
      const text = await printed(plan);
      expect(text.all, id).not.toContain(en.yourExercises);
      expect(text.all, id).not.toContain(en.tickSheet);
      expect(text.all, id).toContain(library.advice.reviewBeforeExerciseAdvice.text.en);
      expect(text.all, id).toContain(library.advice.generalWarningSigns[0]!.text.en);
      for (const e of library.exercises) expect(text.all, `${id}: ${e.id}`).not.toContain(e.steps[0]!.en);
    }
  });
});

describe('layout', () => {
  /** The exercise ids printed on each page, in page order; the tick sheet (which repeats the names) is left out. */
  async function exercisesByPage(plan: Plan): Promise<{ ids: string[][]; pages: string[] }> {
    const text = await readPdf(await printedBytes(plan));
    const pages = text.pages.map((p) => (p.includes(en.tickSheet) ? p.slice(0, p.indexOf(en.tickSheet)) : p));
    // Names are matched with their number badge ("3 Clamshell") so a name inside another's text does not count.
    const ids = pages.map((p) =>
      plan.exercises
        .map((e, i) => ({ id: e.exerciseId, badge: `${i + 1} ${ex(e.exerciseId).name.en}` }))
        .filter((e) => p.includes(e.badge))
        .map((e) => e.id),
    );
    return { ids, pages };
  }

  it('a six-exercise handout starts on the first page and puts three on a page where three fit', async () => {
    const plan = suggestPlan({ library, conditionIds: ['lumbar-radicular-pain'], locale: 'en' });
    expect(plan.exercises.map((e) => e.exerciseId)).toEqual([
      'childs-pose',
      'hamstring-stretch',
      'hip-flexor-stretch',
      'bridge',
      'incline-plank',
      'plank',
    ]);
    const { ids, pages } = await exercisesByPage(plan);
    expect(ids.slice(0, 3)).toEqual([
      ['childs-pose', 'hamstring-stretch'],
      ['hip-flexor-stretch', 'bridge', 'incline-plank'],
      ['plank'],
    ]);
    // The last exercise shares its page with the advice, so that page is not a lone exercise on a half-empty sheet.
    expect(pages[2]).toContain(en.advice);
  });

  it('a pregnancy handout fills page 1 with the stop box and how to exercise safely, then three a page', async () => {
    const plan = recordPregnancyScreen(
      suggestPlan({ library, conditionIds: ['pelvic-girdle-pain'], pregnancyWeeks: 28, locale: 'en' }),
      library,
      { contraindicated: false, by: 'Dr Ada Osei' },
    );
    expect(plan.exercises.map((e) => e.exerciseId)).toEqual([
      'seated-foot-press',
      'childs-pose',
      'clamshell',
      'incline-plank',
      'side-lying-hip-extension',
      'swimming',
    ]);
    const { ids, pages } = await exercisesByPage(plan);
    expect(pages[0]).toContain(library.advice.pregnancyWarningSigns[0]!.text.en);
    expect(pages[0]).toContain(en.pregnancyAdvice);
    expect(ids.slice(0, 4)).toEqual([
      [],
      ['seated-foot-press', 'childs-pose'],
      ['clamshell', 'incline-plank', 'side-lying-hip-extension'],
      ['swimming'],
    ]);
    // The pregnancy advice is printed once, on page 1; the rest of the advice follows the exercises.
    const pregnancyAdvice = plan.advice.filter((a) => a.source === 'pregnancy');
    expect(pregnancyAdvice.length).toBeGreaterThan(0);
    for (const a of pregnancyAdvice) {
      expect(pages.filter((p) => p.includes(a.text.en.slice(0, 40)))).toHaveLength(1);
      expect(pages[0]! + pages[1]!).toContain(a.text.en.slice(0, 40));
    }
    expect(pages[3]).toContain(en.advice);
  });

  it('a postpartum handout starts on page 1 and puts three on the next page', async () => {
    const plan = suggestPlan({
      library,
      conditionIds: ['pelvic-girdle-pain', 'gtps'],
      locale: 'en',
      patient: { pregnancy: { kind: 'postpartum' }, runs: true },
    });
    expect(plan.exercises.map((e) => e.exerciseId)).toEqual([
      'seated-foot-press',
      'childs-pose',
      'side-lying-hip-extension',
      'clamshell',
      'incline-plank',
      'walking',
    ]);
    const { ids, pages } = await exercisesByPage(plan);
    expect(ids.slice(0, 3)).toEqual([
      ['seated-foot-press', 'childs-pose'],
      ['side-lying-hip-extension', 'clamshell', 'incline-plank'],
      ['walking'],
    ]);
    expect(pages[2]).toContain(en.advice);
  });
});

async function printedBytes(plan: Plan): Promise<Uint8Array> {
  return renderHandoutPdf(
    buildHandoutInput({
      plan,
      library,
      clinic: { name: 'Riverside Physiotherapy', phone: PHONE },
      patientName: 'Zoë Núñez',
      clinicianName: 'Łukasz Kowalski',
      date: '2026-11-26',
      language: handoutLanguage(plan.locale),
    }),
  );
}

describe('pregnant figure', () => {
  it('a pregnancy plan prints the pregnant drawing where one is drawn, other plans the usual one', () => {
    const args = (plan: Plan) => ({
      plan,
      library,
      clinic: { name: 'Riverside Physiotherapy' },
      patientName: 'Zoë Núñez',
      clinicianName: 'Łukasz Kowalski',
      date: '2026-11-26',
      language: handoutLanguage('en'),
    });
    const other = addExercise(suggestPlan({ library, conditionIds: ['gtps'], locale: 'en' }), library, 'walking');
    const pregnant = applyPregnancyRules(other, 20, library);
    const svgOf = (plan: Plan) =>
      buildHandoutInput(args(plan)).exercises[plan.exercises.findIndex((e) => e.exerciseId === 'walking')]!.svg;
    const withBump = svgOf(pregnant);
    const plain = svgOf(other);
    expect(withBump).toContain('<ellipse');
    expect(plain).not.toContain('<ellipse');
  });
});
