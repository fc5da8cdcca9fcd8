/** Handout methods through the dispatcher, over a real core: plans, pregnancy rules, the saved PDF and its record. */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { storedHandoutPdf } from '../support/test-engine';
import { loadVignettes, makeTestCore, submissionFor, type TestCore, type Vignette } from '../support/core';
import { closeHandoutWorker } from '../../src-main/core/handout/pdf-worker-client';
import { loadContent } from '../../src-main/core/content/load';
import { recordPregnancyScreen } from '../../src-main/core/handout/plan';
import type { Plan } from '../../src-main/core/handout/plan';
import type { Caller } from '../../src-main/api/dispatch';
import type { ApiErrorBody } from '../../src-main/api/errors';
import type { GeneratedHandout, SuggestedPlan } from '../../src-main/api/methods/handouts';

const library = loadContent(join(import.meta.dirname, '..', '..', 'resources', 'content')).library;
const nameOf = (id: string, locale: 'en' | 'es' = 'en') => library.byId.get(id)!.name[locale]!;

let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore();
});
afterEach(() => t.dispose());
afterAll(() => closeHandoutWorker());

async function ok<T>(caller: Caller, method: string, payload: unknown): Promise<T> {
  const r = await t.call(caller, method, payload);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
async function fail(caller: Caller, method: string, payload: unknown): Promise<ApiErrorBody> {
  const r = await t.call(caller, method, payload);
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
}

/** The clinician confirms the pregnancy exercise screen (ACOG 804) clear, as the builder does before generating. */
const screened = (plan: Plan): Plan =>
  recordPregnancyScreen(plan, library, { contraindicated: false, by: 'Dr Zoë Núñez' });

async function unlocked(): Promise<void> {
  await ok(t.staff, 'staff.setup', { name: 'Dr Zoë Núñez', pin: '246813' });
}

const vignette = (id: string): Vignette => {
  const v = loadVignettes().find((x) => x.id === id);
  if (!v) throw new Error(`no vignette ${id}`);
  return v;
};

async function submit(
  v: Vignette,
  opts: { locale?: 'en' | 'es'; name?: string; answers?: Record<string, unknown>; drop?: string[] } = {},
): Promise<number> {
  const s = submissionFor(v, '2026-11-26', opts.name ?? 'Łukasz Nowak');
  const answers: Record<string, unknown> = { ...s.answers, ...opts.answers };
  for (const q of opts.drop ?? []) delete answers[q];
  await ok(t.kiosk, 'intake.submit', { ...s, locale: opts.locale ?? 'en', answers });
  const row = (await t.sql.get('SELECT max(id) AS id FROM intake_sessions')) as { id: number };
  return row.id;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  // Lines wrap anywhere: compare with whitespace collapsed.
  return pages.join('\n').replace(/\s+/g, ' ');
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('handout.suggest', () => {
  it('suggests exercises for the triage conditions of a vignette, in the patient language', async () => {
    await unlocked();
    const v = vignette('gtps-man-47-left-runner');
    const sessionId = await submit(v);
    const s = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    expect(s.conditionSource).toBe('triage');
    // Before an assessment only the top suggestion feeds the plan, and the clinician is told so.
    expect(s.plan.conditionIds).toEqual(['gtps']);
    expect(s.cautions).toEqual([expect.stringMatching(/top triage suggestion only/)]);
    expect(s.plan.exercises.length).toBeGreaterThan(0);
    // Every suggested exercise helps one of the conditions and none is to be avoided for them.
    for (const p of s.plan.exercises) {
      const e = library.byId.get(p.exerciseId)!;
      expect(
        e.conditions.some((c) => s.plan.conditionIds.includes(c)),
        p.exerciseId,
      ).toBe(true);
      expect(
        e.avoidFor.some((c) => s.plan.conditionIds.includes(c)),
        p.exerciseId,
      ).toBe(false);
    }
    expect(s.plan.pregnancyWeeks).toBeNull();
    expect(s.patientName).toBe('Łukasz Nowak');
    expect(s.redFlagIds).toEqual([]);
  });

  it('passes on the intake red flags, so the screen can warn before home exercises are given', async () => {
    await unlocked();
    const v = loadVignettes().find((x) => x.expectUrgency === 'same-day' && x.expectRedFlags.length > 0)!;
    const s = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId: await submit(v) });
    expect(s.urgency).toBe('same-day');
    expect(s.redFlagIds).toEqual(expect.arrayContaining(v.expectRedFlags));
  });

  it('prefers the clinician’s latest assessment impression over the triage', async () => {
    await unlocked();
    const sessionId = await submit(vignette('gtps-man-47-left-runner'));
    await t.sql.run(
      'INSERT INTO assessments (session_id, patient_id, version, previous_id, author_id, created_at, note_json) ' +
        'VALUES (?, 1, 1, NULL, 1, ?, ?)',
      sessionId,
      '2026-11-26T09:30:00Z',
      JSON.stringify({ impression: ['deep-gluteal-syndrome'] }),
    );
    const s = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    expect(s.conditionSource).toBe('assessment');
    expect(s.plan.conditionIds).toEqual(['deep-gluteal-syndrome']);
  });
});

describe('pregnancy', () => {
  it(
    'a 28-week plan leaves out supine and prone exercises, says why, and the saved PDF prints no excluded exercise ' +
      'but the warning signs',
    async () => {
      await unlocked();
      // A pregnant runner with outer-hip pain at 28 weeks: gtps exercises include lying flat (bridge)
      // and prone (plank).
      const sessionId = await submit(vignette('pelvic-girdle-pregnant-24w-both'), { answers: { pregnancy_weeks: 28 } });
      const s = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
      expect(s.plan.pregnancyWeeks).toBe(28);
      for (const p of s.plan.exercises) {
        const positions = library.byId.get(p.exerciseId)!.positions;
        expect(positions, p.exerciseId).not.toContain('supine');
        expect(positions, p.exerciseId).not.toContain('prone');
      }
      // The clinician adds a bridge and a plank: the core records them as excluded (not in the plan).
      const { addExercise } = await import('../../src-main/core/handout/plan');
      let plan: Plan = addExercise(screened(s.plan), library, 'bridge');
      plan = addExercise(plan, library, 'plank');
      expect(plan.exercises.map((p) => p.exerciseId)).not.toContain('bridge');
      expect(plan.exclusions.map((x) => [x.exerciseId, x.rule])).toEqual(
        expect.arrayContaining([
          ['bridge', 'supine-from-16-weeks'],
          ['plank', 'prone-from-12-weeks'],
        ]),
      );
      const g = await ok<GeneratedHandout>(t.staff, 'handout.generate', { sessionId, plan });
      const file = await storedHandoutPdf(t.sql, g.handout.id);
      const text = await pdfText(file);
      for (const p of plan.exercises) expect(text, p.exerciseId).toContain(squash(nameOf(p.exerciseId)));
      for (const x of plan.exclusions) expect(text).toContain(squash(x.reason.en));
      // Excluded exercises appear only in the "left out" section, never as an exercise with steps.
      const bridgeStep = squash(library.byId.get('bridge')!.steps[0]!.en);
      expect(text).not.toContain(bridgeStep);
      for (const w of library.advice.pregnancyWarningSigns) expect(text).toContain(squash(w.text.en));
    },
  );

  it('refuses an excluded exercise put back without an override, and an override without a reason', async () => {
    await unlocked();
    const sessionId = await submit(vignette('pelvic-girdle-pregnant-24w-both'), { answers: { pregnancy_weeks: 28 } });
    const plan = screened((await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId })).plan);
    const bridge = { exerciseId: 'bridge', dosage: library.byId.get('bridge')!.dosage, origin: 'clinician' as const };
    const sneaked = { ...plan, exercises: [...plan.exercises, bridge] };
    const e1 = await fail(t.staff, 'handout.generate', { sessionId, plan: sneaked });
    expect(e1.code).toBe('invalid_input');
    expect(e1.fields?.[0]?.path).toBe(`plan.exercises.${plan.exercises.length}.exerciseId`);
    expect(e1.message).toMatch(/override/);

    const blank = {
      ...sneaked,
      exclusions: [
        ...plan.exclusions,
        {
          exerciseId: 'bridge',
          rule: 'supine-from-16-weeks',
          reason: { en: 'x', es: 'x' },
          override: { reason: '   ', by: 'Dr Zoë Núñez', at: '2026-11-26T09:00:00.000Z' },
        },
      ],
    };
    const e2 = await fail(t.staff, 'handout.generate', { sessionId, plan: blank });
    expect(e2.code).toBe('invalid_input');
    expect(e2.fields?.some((f) => /^plan\.exclusions\.\d+\.override\.reason$/.test(f.path))).toBe(true);
    expect(readdirSync(t.dataDir)).not.toContain('handouts');

    // With a reason it is accepted, and the record names who decided.
    const { nonEmptyReason, overrideExclusion, addExercise } = await import('../../src-main/core/handout/plan');
    const withExclusion = addExercise(plan, library, 'bridge');
    const overridden = overrideExclusion(withExclusion, library, 'bridge', {
      reason: nonEmptyReason('Propped on a wedge; checked in clinic'),
      by: 'someone else',
    });
    const g = await ok<GeneratedHandout>(t.staff, 'handout.generate', { sessionId, plan: overridden });
    expect(g.handout.overrideCount).toBe(1);
    const row = (await t.sql.get('SELECT plan_json FROM handouts WHERE id = ?', g.handout.id)) as {
      plan_json: string;
    };
    const saved = JSON.parse(row.plan_json) as Plan;
    expect(saved.exclusions.find((x) => x.exerciseId === 'bridge')?.override).toMatchObject({
      reason: 'Propped on a wedge; checked in clinic',
      by: 'Dr Zoë Núñez',
    });
  });
});

describe('contraindications on the server', () => {
  it('hold for the session’s conditions even when a screen sends a plan without them', async () => {
    await unlocked();
    const sessionId = await submit(vignette('femoral-neck-stress-woman-22-right'));
    const s = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    expect(s.plan.conditionIds).toEqual(['bone-stress-injury']);
    const band = library.byId.get('band-hip-abduction')!;
    const sneaked = {
      ...s.plan,
      conditionIds: [],
      exercises: [...s.plan.exercises, { exerciseId: band.id, dosage: band.dosage, origin: 'clinician' as const }],
    };
    const e = await fail(t.staff, 'handout.generate', { sessionId, plan: sneaked });
    expect(e.message).toMatch(/band-hip-abduction.*contraindicated/);
  });
});

describe('handout.reopen', () => {
  it('gives an earlier handout of the session back as the start of a new version, audited', async () => {
    await unlocked();
    const sessionId = await submit(vignette('gtps-man-47-left-runner'));
    const { plan } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    const { setSide, setStage } = await import('../../src-main/core/handout/plan');
    const oneSided = plan.exercises.find((e) => library.byId.get(e.exerciseId)!.oneSided)!.exerciseId;
    const edited = setStage(setSide(plan, library, oneSided, 'right'), library, 'bridge', 'harder');
    const g = await ok<GeneratedHandout>(t.staff, 'handout.generate', { sessionId, plan: edited });
    const r = await ok<{ plan: Plan; createdAt: string; dropped: string[] }>(t.staff, 'handout.reopen', {
      handoutId: g.handout.id,
    });
    expect(r.plan.exercises.map((e) => [e.exerciseId, e.side, e.stage])).toEqual(
      edited.exercises.map((e) => [e.exerciseId, e.side, e.stage]),
    );
    expect(r.createdAt).toBe(g.handout.createdAt);
    expect(r.dropped).toEqual([]);
    expect(await t.sql.get("SELECT count(*) AS n FROM audit_log WHERE action = 'handout.reopen'")).toEqual({
      n: 1,
    });
    expect((await fail(t.staff, 'handout.reopen', { handoutId: 999 })).code).toBe('not_found');
  });
});

describe('first-run setup', () => {
  it('asks for the clinic phone, so the first handout prints it in the stop box', async () => {
    await ok(t.staff, 'staff.setup', { name: 'Dr Zoë Núñez', pin: '246813', clinicPhone: '020 7946 0123' });
    const sessionId = await submit(vignette('gtps-man-47-left-runner'));
    const { plan } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    const g = await ok<GeneratedHandout>(t.staff, 'handout.generate', { sessionId, plan });
    expect(await pdfText(Buffer.from(g.pdfBase64, 'base64'))).toContain(
      'Stop exercising and call the clinic on 020 7946 0123',
    );
  });

  it('refuses a phone number that is not one', async () => {
    const e = await fail(t.staff, 'staff.setup', { name: 'Dr Zoë Núñez', pin: '246813', clinicPhone: 'call me' });
    expect(e.code).toBe('invalid_input');
  });
});

describe('uncertain pregnancy', () => {
  it('"not sure" gives the most cautious plan with the reason, and a careless plan is refused', async () => {
    await unlocked();
    const sessionId = await submit(vignette('pelvic-girdle-pregnant-24w-both'), {
      // "Not sure" is still asked the pregnancy warning signs and whether she gave birth lately (content v4).
      answers: { pregnant: 'unsure', pregnancy_warning: ['none'], recent_birth: false },
      drop: ['pregnancy_weeks', 'previous_pregnancies'],
    });
    const s = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    expect(s.plan.pregnancy?.status).toBe('uncertain');
    expect(s.cautions.join(' ')).toMatch(/not sure whether she is pregnant.*most cautious/);
    for (const p of s.plan.exercises) expect(library.byId.get(p.exerciseId)!.positions).not.toContain('supine');
    const careless = { ...s.plan, pregnancy: undefined };
    expect((await fail(t.staff, 'handout.generate', { sessionId, plan: careless })).fields?.[0]?.path).toBe(
      'plan.pregnancy',
    );
    await ok(t.staff, 'handout.generate', { sessionId, plan: s.plan });
  });
});

describe('the server checks the plan itself', () => {
  it(
    'a plan that drops the pregnancy week is refused, and warning signs removed by the screen are printed ' + 'anyway',
    async () => {
      await unlocked();
      const sessionId = await submit(vignette('pelvic-girdle-pregnant-24w-both'), { answers: { pregnancy_weeks: 28 } });
      const plan = screened((await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId })).plan);
      const e = await fail(t.staff, 'handout.generate', { sessionId, plan: { ...plan, pregnancyWeeks: null } });
      expect(e.fields?.[0]).toMatchObject({ path: 'plan.pregnancyWeeks' });
      expect(e.message).toContain('28 weeks');

      const g = await ok<GeneratedHandout>(t.staff, 'handout.generate', {
        sessionId,
        plan: { ...plan, warningSigns: [] },
      });
      const text = await pdfText(Buffer.from(g.pdfBase64, 'base64'));
      for (const w of [...library.advice.pregnancyWarningSigns, ...library.advice.generalWarningSigns])
        expect(text).toContain(squash(w.text.en));
    },
  );

  it('refuses unknown exercises, naming the path', async () => {
    await unlocked();
    const sessionId = await submit(vignette('gtps-man-47-left-runner'));
    const { plan } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    const bad = { ...plan, exercises: [{ ...plan.exercises[0]!, exerciseId: 'moonwalk' }, ...plan.exercises.slice(1)] };
    const e = await fail(t.staff, 'handout.generate', { sessionId, plan: bad });
    expect(e).toMatchObject({ code: 'invalid_input', fields: [{ path: 'plan.exercises.0.exerciseId' }] });
    const d = await fail(t.staff, 'handout.generate', {
      sessionId,
      plan: { ...plan, exercises: [{ ...plan.exercises[0]!, dosage: { ...plan.exercises[0]!.dosage, sets: 40 } }] },
    });
    expect(d.fields?.[0]?.path).toBe('plan.exercises.0.dosage.sets');
  });
});

describe('handout.generate', () => {
  it('saves the PDF (file or database row), records its hash with an audit row, returns the same bytes', async () => {
    await unlocked();
    const sessionId = await submit(vignette('gtps-man-47-left-runner'));
    const { plan } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    const auditBefore = (
      (await t.sql.get("SELECT count(*) AS n FROM audit_log WHERE action = 'handout.generate'")) as { n: number }
    ).n;
    const g = await ok<GeneratedHandout>(t.staff, 'handout.generate', { sessionId, plan });
    if (t.engine === 'sqlite') expect(existsSync(join(t.dataDir, 'handouts', g.handout.fileName))).toBe(true);
    const file = await storedHandoutPdf(t.sql, g.handout.id);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.from(g.pdfBase64, 'base64').equals(file)).toBe(true);
    const row = (await t.sql.get('SELECT * FROM handouts WHERE id = ?', g.handout.id)) as Record<string, unknown>;
    expect(row['file_sha256']).toBe(createHash('sha256').update(file).digest('hex'));
    expect(row['file_bytes']).toBe(file.length);
    expect(row['library_hash']).toBe(library.contentHash);
    expect(row['author_id']).toBe(1);
    expect(JSON.parse(row['plan_json'] as string)).toMatchObject({ exercises: plan.exercises });
    const audit = (await t.sql.all("SELECT detail_json FROM audit_log WHERE action = 'handout.generate'")) as {
      detail_json: string;
    }[];
    expect(audit.length).toBe(auditBefore + 1);
    expect(audit.at(-1)!.detail_json).not.toContain('Łukasz');
    // Never the patient's name in the file name.
    expect(g.handout.fileName).not.toMatch(/nowak|łukasz/i);

    const text = await pdfText(file);
    expect(text).toContain('Łukasz Nowak');
    expect(text).toContain('Dr Zoë Núñez');
    for (const p of plan.exercises) expect(text).toContain(squash(nameOf(p.exerciseId)));
    for (const w of library.advice.generalWarningSigns) expect(text).toContain(squash(w.text.en));

    const listed = await ok<{ id: number; sha256: string }[]>(t.staff, 'handout.list', { sessionId });
    expect(listed.map((h) => [h.id, h.sha256])).toEqual([[g.handout.id, row['file_sha256']]]);
    const again = await ok<GeneratedHandout>(t.staff, 'handout.download', { handoutId: g.handout.id });
    expect(again.pdfBase64).toBe(g.pdfBase64);
  });

  it('prints a Spanish session’s handout in Spanish, with the clinic name and paper size from settings', async () => {
    await unlocked();
    await ok(t.staff, 'admin.settings.update', {
      settings: { ...t.core.settings.get(), clinicName: 'Clínica Núñez', paperSize: 'Letter' },
    });
    const sessionId = await submit(vignette('gtps-man-47-left-runner'), { locale: 'es', name: 'Zoë Núñez' });
    const { plan, locale } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    expect(locale).toBe('es');
    const g = await ok<GeneratedHandout>(t.staff, 'handout.generate', { sessionId, plan: { ...plan, locale: 'en' } });
    expect(g.handout.locale).toBe('es');
    const bytes = Buffer.from(g.pdfBase64, 'base64');
    const text = await pdfText(bytes);
    expect(text).toContain('Clínica Núñez');
    for (const p of plan.exercises) {
      expect(text).toContain(squash(nameOf(p.exerciseId, 'es')));
      if (nameOf(p.exerciseId, 'es') !== nameOf(p.exerciseId, 'en'))
        expect(text).not.toContain(squash(library.byId.get(p.exerciseId)!.steps[0]!.en));
    }
    for (const w of library.advice.generalWarningSigns) expect(text).toContain(squash(w.text.es!));
    const doc = await getDocument({ data: new Uint8Array(bytes) }).promise;
    const [, , width, height] = (await doc.getPage(1)).view;
    await doc.destroy();
    expect([Math.round(width!), Math.round(height!)]).toEqual([612, 792]); // US Letter
  });

  it('renders pages that are not blank (pdftoppm)', async () => {
    await unlocked();
    const sessionId = await submit(vignette('gtps-man-47-left-runner'));
    const { plan } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    const g = await ok<GeneratedHandout>(t.staff, 'handout.generate', { sessionId, plan });
    const dir = mkdtempSync(join(tmpdir(), 'stride-handout-png-'));
    const pdf = join(dir, 'h.pdf');
    writeFileSync(pdf, Buffer.from(g.pdfBase64, 'base64'));
    execFileSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', '-gray', pdf, join(dir, 'p')]);
    const png = readdirSync(dir).find((f) => f.endsWith('.png'))!;
    // A blank page compresses to almost nothing; a page with text and drawings does not.
    expect(readFileSync(join(dir, png)).length).toBeGreaterThan(3000);
  });
});

describe('templates', () => {
  it('saves a plan as a named template, then applies it to a pregnant patient with the rules afresh', async () => {
    await unlocked();
    const runner = await submit(vignette('gtps-man-47-left-runner'));
    const { plan } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId: runner });
    const withBridge = plan.exercises.some((p) => p.exerciseId === 'bridge')
      ? plan
      : {
          ...plan,
          exercises: [
            ...plan.exercises,
            { exerciseId: 'bridge', dosage: library.byId.get('bridge')!.dosage, origin: 'clinician' as const },
          ],
        };
    const saved = await ok<{ id: number; name: string; exerciseIds: string[] }>(t.staff, 'handout.templates.save', {
      name: 'Lateral hip – stage 1',
      plan: withBridge,
    });
    expect(saved.exerciseIds).toContain('bridge');
    // Same name, any case: replaced, not duplicated.
    await ok(t.staff, 'handout.templates.save', { name: 'lateral hip – STAGE 1', plan: withBridge });
    const list = await ok<{ id: number }[]>(t.staff, 'handout.templates.list', {});
    expect(list).toHaveLength(1);

    const pregnant = await submit(vignette('pelvic-girdle-pregnant-24w-both'), {
      answers: { pregnancy_weeks: 28 },
      name: 'Ana Ruiz',
    });
    const applied = await ok<{ plan: Plan; dropped: string[] }>(t.staff, 'handout.templates.apply', {
      templateId: saved.id,
      sessionId: pregnant,
    });
    expect(applied.plan.pregnancyWeeks).toBe(28);
    expect(applied.plan.exercises.map((p) => p.exerciseId)).not.toContain('bridge');
    expect(applied.plan.exclusions.map((x) => x.exerciseId)).toContain('bridge');
    // The applied plan is refused until the pregnancy screen is confirmed, then accepted as it is.
    const unscreened = await fail(t.staff, 'handout.generate', { sessionId: pregnant, plan: applied.plan });
    expect(unscreened.fields?.[0]?.path).toBe('plan.pregnancy.screen');
    await ok(t.staff, 'handout.generate', { sessionId: pregnant, plan: screened(applied.plan) });
  });

  it('refuses an empty template name', async () => {
    await unlocked();
    const sessionId = await submit(vignette('gtps-man-47-left-runner'));
    const { plan } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    const e = await fail(t.staff, 'handout.templates.save', { name: '  ', plan });
    expect(e.fields?.[0]?.path).toBe('name');
  });
});

describe('roles', () => {
  const methods = [
    'handout.library',
    'handout.suggest',
    'handout.generate',
    'handout.list',
    'handout.download',
    'handout.templates.list',
    'handout.templates.save',
    'handout.templates.apply',
  ];

  it('the kiosk may call none of the handout methods', async () => {
    await unlocked();
    for (const m of methods) expect((await fail(t.kiosk, m, {})).code, m).toBe('forbidden');
  });

  it('a locked staff window may not suggest, generate or list', async () => {
    await unlocked();
    const sessionId = await submit(vignette('gtps-man-47-left-runner'));
    const { plan } = await ok<SuggestedPlan>(t.staff, 'handout.suggest', { sessionId });
    await ok(t.staff, 'staff.lock', {});
    expect((await fail(t.staff, 'handout.suggest', { sessionId })).code).toBe('locked');
    expect((await fail(t.staff, 'handout.generate', { sessionId, plan })).code).toBe('locked');
    expect((await fail(t.staff, 'handout.list', { sessionId })).code).toBe('locked');
    expect((await fail(t.staff, 'handout.library', {})).code).toBe('locked');
    expect(existsSync(join(t.dataDir, 'handouts'))).toBe(false);
  });
});
