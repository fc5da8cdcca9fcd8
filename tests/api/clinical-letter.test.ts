/**
 * The clinical letter a records request produces: read back from the PDF with pdfjs-dist, it says in words what a GP
 * needs (visits, complaint, findings, impression, plan, handouts, who wrote it) and never shows an id or raw JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_DIR, LOCALES, readPdf, type PdfText } from '../support/handout';
import { loadContent } from '../../src-main/core/content/load';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { testEngineUnavailable } from '../support/test-engine';
import type { Caller } from '../../src-main/api/dispatch';
import type { RecordExport, AssessmentVersion } from '../../src-main/api/types';
import type { SuggestedPlan, GeneratedHandout } from '../../src-main/api/methods/handouts';
import { blankAssessment } from '../../src-main/api/assessment';

const admin: Caller = { channel: 'staff', key: 'test:admin' };
const NAME = 'Hannah Becker';
const DAY = 86_400_000;
const content = loadContent(CONTENT_DIR, { locales: LOCALES });
let t: TestCore;
let exported: RecordExport;
let pdf: PdfText;
let plan: SuggestedPlan['plan'];
let impressionId: string;
let birthYear: string;

async function ok<T>(caller: Caller, method: string, payload: unknown): Promise<T> {
  const r = await t.call(caller, method, payload);
  expect(r.ok, `${method}: ${JSON.stringify(r).slice(0, 400)}`).toBe(true);
  return (r as { ok: true; value: T }).value;
}

beforeAll(async () => {
  if (testEngineUnavailable()) return; // every test skips with the reason (tests/support/engine-setup.ts)
  t = await makeTestCore();
  const v = loadVignettes().find((x) => x.expectUrgency === 'routine' && x.answers['pregnant'] !== 'yes')!;
  const sub = submissionFor(v, '2026-11-26', NAME);
  birthYear = sub.patient.dateOfBirth.slice(0, 4);
  const lefs = (v: number) => Object.fromEntries(content.measures.lefs.items.map((i) => [i.id, v]));
  await ok(t.kiosk, 'intake.submit', {
    ...sub,
    measures: { lefs: lefs(2), psfs: [{ activity: 'Climbing stairs', rating: 3 }] },
  });
  t.clock.advance(14 * DAY);
  // A return visit asks the follow-up questions only: the first visit's answers to them, pain now lower.
  const followUp = Object.fromEntries(
    content.measures.returnVisit.questions.flatMap((q) => (q in sub.answers ? [[q, sub.answers[q]]] : [])),
  );
  const returnVisit = (pain: number) => ({
    ...sub,
    visit: 'return',
    answers: { ...followUp, pain_now: pain },
    measures: {
      lefs: lefs(3),
      psfs: [{ activity: 'Stairs', rating: 6 }],
      pgic: 'much_improved',
      exerciseDays: 5,
    },
  });
  await ok(t.kiosk, 'intake.submit', returnVisit(2));
  // Set up after the visits: two weeks idle would have locked the staff window again.
  await ok(admin, 'staff.setup', { name: 'Ada Lovelace', pin: '246813' });
  const sessions = (await t.sql.all('SELECT id FROM intake_sessions ORDER BY id')) as { id: number }[];
  const latest = sessions.at(-1)!.id;
  // The return visit matched by name and birth date: the clinician confirms it is the same person.
  await ok(admin, 'session.resolveIdentity', { sessionId: latest, decision: 'same-person' });

  const note = blankAssessment();
  note.examination.tests['fadir'] = {
    left: { result: 'negative', where: '' },
    right: { result: 'positive', where: 'deep groin' },
  };
  note.examination.tests['faber'] = {
    left: { result: 'negative', where: '' },
    right: { result: 'negative', where: '' },
  };
  note.examination.rangeOfMotion['internal-rotation'] = { left: 35, right: 12 };
  note.strength.hipAbductors = { left: 5, right: 4 };
  impressionId = content.conditions[0]!.id;
  note.impression = [impressionId];
  note.plan = 'Progressive abductor loading for six weeks; review in two weeks.';
  await ok<AssessmentVersion>(admin, 'assessment.save', { sessionId: latest, previousId: null, note });

  plan = (await ok<SuggestedPlan>(admin, 'handout.suggest', { sessionId: latest })).plan;
  await ok<GeneratedHandout>(admin, 'handout.generate', { sessionId: latest, plan });

  // A later visit nobody has confirmed yet: it may be a namesake's, so the letter leaves it out.
  t.clock.advance(14 * DAY);
  await ok(t.kiosk, 'intake.submit', returnVisit(9));
  await ok(admin, 'staff.unlock', { clinicianId: 1, pin: '246813' });
  exported = await ok<RecordExport>(admin, 'records.export', {
    patientId: ((await t.sql.get('SELECT id FROM patients')) as { id: number }).id,
  });
  pdf = await readPdf(Buffer.from(exported.pdfBase64, 'base64'));
});
afterAll(() => t?.dispose());

describe('clinical letter', () => {
  it('names the clinic, the patient with their birth date in words, and both visits by date', () => {
    expect(pdf.info['Title']).toBe('Clinical letter');
    expect(pdf.all).toContain(exported.bundle.clinicName);
    expect(pdf.all).toContain(`Re: ${NAME}, born 31 December ${birthYear}`);
    expect(pdf.all).toContain('Seen 2 times');
    expect(pdf.all).toContain('26 November 2026');
    expect(pdf.all).toContain('10 December 2026');
  });

  it('leaves out a visit whose identity is not confirmed, and says so', () => {
    expect(exported.bundle.sessions).toHaveLength(3);
    expect(pdf.all).toContain('One more visit is left out until a clinician confirms it was this patient.');
    // Dated today, the letter lists nothing of that visit: no measure on its date, not among the visits.
    expect(pdf.all).toContain('Date: 24 December 2026');
    expect(pdf.all).not.toContain('24 December 2026: ');
    expect(pdf.all).not.toContain('and 24 December 2026');
  });

  it("gives the presenting complaint as the patient's answers with the questionnaire's labels", () => {
    const q = content.questionnaire.sections.flatMap((s) => s.questions).find((x) => x.id === 'pain_now')!;
    expect(pdf.all).toContain(q.label.en.slice(0, 20));
  });

  it('reports the examination, impression and plan in words, signed by the clinician', () => {
    const exam = content.examination;
    const name = (id: string) => exam.tests.find((x) => x.id === id)!.name.en;
    expect(pdf.all).toContain(`${name('fadir')} (right; felt in: deep groin)`);
    expect(pdf.all).toContain('Negative tests');
    expect(pdf.all).toContain(name('faber'));
    const ir = exam.rangeOfMotion.find((m) => m.id === 'internal-rotation')!.name.en;
    expect(pdf.all).toContain(`${ir}: left 35°, right 12°`);
    expect(pdf.all).toContain('Hip abductors: left 5, right 4');
    expect(pdf.all).toContain(content.conditions.find((c) => c.id === impressionId)!.name.en);
    expect(pdf.all).toContain('Progressive abductor loading for six weeks');
    expect(pdf.all).toMatch(/Yours sincerely, Ada Lovelace/);
  });

  it('reports each outcome measure, its change since the first visit and whether it is clinically important', () => {
    expect(pdf.all).toContain('Outcome measures');
    expect(pdf.all).toContain(content.measures.lefs.name.en);
    expect(pdf.all).toContain('26 November 2026: 40 (first visit)');
    expect(pdf.all).toContain(
      '10 December 2026: 60, +20 since the first visit: a clinically important improvement (MCID 9)',
    );
    expect(pdf.all).toMatch(
      /10 December 2026: 2, −\d since the first visit: a clinically important improvement \(MCID 2\)/,
    );
    expect(pdf.all).toContain('10 December 2026: 6, +3 since the first visit: a clinically important improvement');
    const much = content.measures.pgic.options.find((o) => o.id === 'much_improved')!.label.en;
    expect(pdf.all).toContain(`10 December 2026: ${much}, a clinically important improvement`);
    expect(pdf.all).toContain('5 of 7 days');
  });

  it('lists the exercises given, by name', () => {
    expect(plan.exercises.length).toBeGreaterThan(0);
    for (const e of plan.exercises) {
      const ex = content.library.exercises.find((x) => x.id === e.exerciseId)!;
      expect(pdf.all).toContain(ex.name.en.slice(0, 18));
    }
  });

  it('shows no ids and no raw JSON', () => {
    expect(pdf.all).not.toMatch(/[{}]/);
    expect(pdf.all).not.toContain('"');
    const ids = [
      impressionId,
      'fadir',
      'internal-rotation',
      'pain_now',
      ...plan.exercises.map((e) => e.exerciseId),
      ...exported.bundle.sessions.flatMap((s) => Object.keys(s.answers)),
      ...exported.bundle.sessions.flatMap((s) => s.triage.suggestions.map((x) => x.conditionId)),
      exported.bundle.format,
    ];
    // Ids with a dash or underscore cannot be words of a sentence ("sex" is both an answer's id and a word).
    for (const id of ids.filter((x) => /[-_]/.test(x)))
      expect(pdf.all, id).not.toMatch(new RegExp(`(^|[\\s(,])${id}([\\s),.]|$)`));
    // Body-map answers are region names, not their ids.
    expect(pdf.all).not.toMatch(/\b[a-z]+(-[a-z]+)*-(left|right)\b/);
  });
});
