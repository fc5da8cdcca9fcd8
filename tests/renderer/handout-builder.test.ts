/**
 * The handout builder's state (HandoutBuilder) over a real core: the calls the screen makes go through the real
 * dispatcher, so every edit is checked again by the server exactly as in the app. Only the file hand-off is a fake.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/api/contract';
import { closeHandoutWorker } from '../../src-main/core/handout/pdf-worker-client';
import { HandoutBuilder, type BuilderDeps } from '../../src-renderer/clinician/handout/builder.svelte';
import { ApiCallError } from '../../src-renderer/lib/api-error';
import type { GeneratedHandout } from '../../src-main/api/methods/handouts';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore();
  await call('staff.setup', { name: 'Dr Zoë Núñez', pin: '246813' });
});
afterEach(() => t.dispose());
afterAll(() => closeHandoutWorker());

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  const r = await t.call(t.staff, method, input);
  if (!r.ok) throw new ApiCallError(r.error);
  return r.value as MethodResult<M>;
}

async function submit(
  vignetteId: string,
  opts: { locale?: 'en' | 'es'; answers?: Record<string, unknown> } = {},
): Promise<number> {
  const v = loadVignettes().find((x) => x.id === vignetteId)!;
  const s = submissionFor(v, '2026-11-26', 'Ana Ruiz');
  await t.call(t.kiosk, 'intake.submit', {
    ...s,
    locale: opts.locale ?? 'en',
    answers: { ...s.answers, ...opts.answers },
  });
  return (t.core.db.prepare('SELECT max(id) AS id FROM intake_sessions').get() as { id: number }).id;
}

interface Harness {
  b: HandoutBuilder;
  delivered: GeneratedHandout[];
  revealed: number;
  calls: string[];
}

async function builderFor(sessionId: number, override: Partial<BuilderDeps> = {}): Promise<Harness> {
  const h: Harness = { b: null as unknown as HandoutBuilder, delivered: [], revealed: 0, calls: [] };
  h.b = new HandoutBuilder(sessionId, {
    call: (method, input) => {
      h.calls.push(method);
      return call(method, input);
    },
    explain: (e) => (e instanceof ApiCallError ? e.message : 'Something went wrong. Nothing was changed.'),
    deliver: (g) => h.delivered.push(g),
    revealInvalid: () => h.revealed++,
    now: () => 1_700_000_000_000,
    ...override,
  });
  await h.b.load();
  return h;
}

const runner = () => submit('gtps-man-47-left-runner');
const pregnant = () => submit('pelvic-girdle-pregnant-24w-both', { locale: 'es', answers: { pregnancy_weeks: 28 } });
const ids = (b: HandoutBuilder) => b.plan!.exercises.map((p) => p.exerciseId);

describe('loading', () => {
  it('starts from the suggested plan with a dosage draft per exercise, and says where it came from', async () => {
    const { b } = await builderFor(await runner());
    expect(b.loadError).toBeNull();
    expect(b.plan!.exercises.length).toBeGreaterThan(1);
    expect(Object.keys(b.drafts).sort()).toEqual([...ids(b)].sort());
    expect(b.startedFrom).toBe('the triage suggestions');
    expect(b.me).toBe('Dr Zoë Núñez');
    expect(b.locale).toBe('en');
    expect(b.invalidCount).toBe(0);
    expect(b.handouts).toEqual([]);
  });

  it('shows why it could not load, and loads on the next try', async () => {
    let fail = true;
    const { b } = await builderFor(await runner(), {
      call: (method, input) =>
        fail
          ? Promise.reject(new ApiCallError({ code: 'unavailable', message: 'Stride is not reachable right now.' }))
          : call(method, input),
    });
    expect(b.loadError).toBe('Stride is not reachable right now.');
    fail = false;
    await b.load();
    expect(b.loadError).toBeNull();
    expect(b.plan).not.toBeNull();
  });
});

describe('editing the plan', () => {
  it('checks typed dosage live, refuses to generate while one is off, and prints what was typed', async () => {
    const h = await builderFor(await runner());
    const { b } = h;
    const first = ids(b)[0]!;
    b.drafts[first]!.sets = '40';
    expect(b.checks[first]).toMatchObject({ ok: false, errors: { sets: '1–10' } });
    expect(b.invalidCount).toBe(1);
    const callsBefore = h.calls.length;
    await b.generate();
    expect(b.error).toBe('Check the dosage of 1 exercise (marked in red).');
    expect(h.revealed).toBe(1);
    expect(h.calls.length).toBe(callsBefore);

    Object.assign(b.drafts[first]!, { sets: '4', reps: '17', daysPerWeek: '3' });
    expect(b.invalidCount).toBe(0);
    await b.generate();
    expect(b.error).toBeNull();
    expect(h.delivered).toHaveLength(1);
    expect(b.lastGenerated?.fileName).toBe(h.delivered[0]!.handout.fileName);
    expect(b.handouts.map((x) => x.id)).toEqual([h.delivered[0]!.handout.id]);
    expect(b.plan!.exercises[0]!.dosage).toMatchObject({ sets: 4, reps: 17, daysPerWeek: 3 });
    expect(b.generating).toBe(false);
  });

  it('searches the library outside the plan, adds, moves and removes', async () => {
    const { b } = await builderFor(await runner());
    const before = ids(b);
    expect(b.matches.some((e) => before.includes(e.id))).toBe(false);
    const toAdd = ['clamshell', 'side-plank', 'fire-hydrant'].find((id) => !before.includes(id))!;
    b.search = b.exercise(toAdd).name.en.slice(0, 5).toUpperCase();
    expect(b.matches.map((e) => e.id)).toContain(toAdd);
    b.add(toAdd);
    expect(ids(b).at(-1)).toBe(toAdd);
    expect(b.drafts[toAdd]).toBeDefined();
    expect(b.search).toBe('');
    expect(b.notice).toBe(`Added ${b.exercise(toAdd).name.en}.`);

    b.move(toAdd, -1);
    expect(ids(b).at(-2)).toBe(toAdd);
    b.remove(toAdd);
    expect(ids(b)).toEqual(before);
    expect(b.drafts[toAdd]).toBeUndefined();
  });

  it('edits, adds and removes advice; an emptied item stops the PDF until it is written or removed', async () => {
    const h = await builderFor(await runner());
    const { b } = h;
    b.newAdvice = '  Walk on flat ground  ';
    b.addAdvice();
    const mine = b.plan!.advice.at(-1)!;
    expect(mine).toMatchObject({
      id: `clinician-${(1_700_000_000_000).toString(36)}`,
      text: { en: 'Walk on flat ground' },
      source: 'clinician',
    });
    // Written in the patient's language (English here), and nothing pretends to be a translation.
    expect(Object.keys(mine.text)).toEqual(['en']);
    expect(b.newAdvice).toBe('');

    b.editAdvice(mine, '   ');
    await b.generate();
    expect(b.error).toBe('An advice item is empty: write it or remove it.');
    b.removeAdvice(mine.id);
    expect(b.plan!.advice.some((a) => a.id === mine.id)).toBe(false);
    await b.generate();
    expect(h.delivered).toHaveLength(1);
  });
});

describe('pregnancy', () => {
  it('lists an unsafe exercise as left out, kept only with a reason, in the unlocked clinician’s name', async () => {
    const h = await builderFor(await pregnant());
    const { b } = h;
    expect(b.plan!.pregnancyWeeks).toBe(28);
    expect(b.locale).toBe('es');
    b.add('bridge');
    expect(ids(b)).not.toContain('bridge');
    expect(b.plan!.exclusions.find((x) => x.exerciseId === 'bridge')?.rule).toBe('supine-from-16-weeks');
    expect(b.error).toContain('is left out (lies flat on the back (from 16 weeks), 28 weeks pregnant)');
    expect(b.errorFor('picker')).toBe(b.error); // shown beside the library picker, not at the bottom
    expect(b.errorFor('generate')).toBeNull();

    b.startOverride('bridge');
    expect(b.overrideFor).toBe('bridge');
    b.overrideReason = '   ';
    b.confirmOverride('bridge');
    expect(b.overrideError).toMatch(/reason/);
    expect(ids(b)).not.toContain('bridge');
    b.overrideReason = 'Propped on a wedge, checked in clinic';
    b.confirmOverride('bridge');
    expect(b.overrideFor).toBeNull();
    expect(ids(b)).toContain('bridge');
    expect(b.plan!.exclusions.find((x) => x.exerciseId === 'bridge')?.override).toMatchObject({
      reason: 'Propped on a wedge, checked in clinic',
      by: 'Dr Zoë Núñez',
    });
    expect(b.notice).toBe(`${b.exercise('bridge').name.en} kept by override.`);

    // Generate waits for the pregnancy exercise screen, and says so beside it.
    await b.generate();
    expect(h.delivered).toHaveLength(0);
    expect(b.errorFor('screen')).toMatch(/Confirm the pregnancy exercise screen/);
    b.confirmScreen();
    expect(b.errorFor('screen')).toMatch(/Choose whether/);
    b.screenAnswer = 'none';
    b.confirmScreen();
    expect(b.plan!.pregnancy?.screen).toBe('clear');
    await b.generate();
    expect(b.error).toBeNull();
    expect(h.delivered[0]!.handout.overrideCount).toBe(1);
  });

  it('shows the server’s field errors by path when it refuses a plan', async () => {
    const { b } = await builderFor(await pregnant());
    // What a stale screen could send: the exercise back in the plan without its override.
    const bridge = { exerciseId: 'bridge', dosage: b.exercise('bridge').dosage, origin: 'clinician' as const };
    b.screenAnswer = 'none';
    b.confirmScreen();
    b.plan = { ...b.plan!, exercises: [...b.plan!.exercises, bridge] };
    await b.generate();
    expect(b.errorFor('generate')).toMatch(
      new RegExp(`^plan\\.exercises\\.${b.plan.exercises.length - 1}\\.exerciseId: "bridge" is left out at 28 weeks`),
    );
  });
});

describe('templates and saved handouts', () => {
  it('saves the plan as a template and applies it to a pregnant patient with the rules applied afresh', async () => {
    const { b } = await builderFor(await runner());
    await b.saveTemplate();
    expect(b.error).toBe('Give the template a name.');
    b.templateName = 'Runner – lateral hip';
    await b.saveTemplate();
    expect(b.notice).toBe('Saved template “Runner – lateral hip”.');
    expect(b.templateName).toBe('');
    expect(b.templates.map((x) => x.name)).toEqual(['Runner – lateral hip']);
    expect(b.chosenTemplate).toBe(b.templates[0]!.id);

    const other = (await builderFor(await pregnant())).b;
    other.chosenTemplate = b.templates[0]!.id;
    await other.applyTemplate();
    expect(other.notice).toBe('Applied the template.');
    expect(other.startedFrom).toBe('template “Runner – lateral hip”');
    expect(other.plan!.pregnancyWeeks).toBe(28);
    expect(Object.keys(other.drafts).sort()).toEqual([...ids(other)].sort());
  });

  it('downloads a saved handout again; printing says it needs the desktop app', async () => {
    const h = await builderFor(await runner());
    await h.b.generate();
    await h.b.downloadAgain(h.b.handouts[0]!.id);
    expect(h.delivered).toHaveLength(2);
    expect(h.delivered[1]!.pdfBase64).toBe(h.delivered[0]!.pdfBase64);
    await h.b.print(h.b.handouts[0]!.id);
    expect(h.b.error).toMatch(/needs the desktop app/);
  });
});

describe('the clinician’s work is kept', () => {
  it('one builder per session while unlocked: coming back keeps the edits, locking forgets them', async () => {
    const { builderFor: shared, forgetBuilders } = await import('../../src-renderer/clinician/handout/builder.svelte');
    const sessionId = await submit('gtps-man-47-left-runner');
    const deps: BuilderDeps = { call, explain: () => 'x', deliver: () => {} };
    const first = shared(sessionId, deps);
    await first.ensureLoaded();
    const removed = first.plan!.exercises[0]!.exerciseId;
    first.remove(removed);
    first.newAdvice = 'Ice after the run';
    first.addAdvice();

    // The panel is mounted again (a tab switch): same builder, nothing loaded over the edits.
    const again = shared(sessionId, deps);
    expect(again).toBe(first);
    await again.ensureLoaded();
    expect(again.plan!.exercises.map((e) => e.exerciseId)).not.toContain(removed);
    expect(again.plan!.advice.some((a) => a.text.en === 'Ice after the run')).toBe(true);

    const other = await submit('gtps-woman-52-right');
    expect(shared(other, deps)).not.toBe(first);
    forgetBuilders();
    expect(shared(sessionId, deps)).not.toBe(first);
  });
});
