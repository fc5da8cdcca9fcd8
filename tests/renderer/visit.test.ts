/**
 * The kiosk visit as a state object: screens, checks and routing, timers, and the privacy guarantee that an ended
 * visit is replaced by a fresh one and nothing of the previous patient stays reachable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { IntakeForm, KioskLanguage, SubmitReceipt } from '../../src-main/api/types';
import type { IntakeSubmission } from '../../src-main/api/schemas';
import type { Measures } from '../../src-main/core/content/measures';
import type { Questionnaire, RedFlag } from '../../src-main/core/content/schema';
import { warningRulesOf } from '../../src-main/core/triage/warnings';
import { ApiCallError } from '../../src-renderer/lib/api-error';
import { Kiosk, RETRY_LOAD_MS } from '../../src-renderer/kiosk/kiosk.svelte';
import { DECLINED_SECONDS, THANKS_SECONDS, type KioskVisit } from '../../src-renderer/kiosk/visit.svelte';
import { repoRoot } from '../support/core';

const questionnaire = JSON.parse(
  readFileSync(join(repoRoot, 'resources/content/questionnaire.json'), 'utf8'),
) as Questionnaire;
const redFlags = (
  JSON.parse(readFileSync(join(repoRoot, 'resources/content/red-flags.json'), 'utf8')) as { redFlags: RedFlag[] }
).redFlags;
const measures = JSON.parse(readFileSync(join(repoRoot, 'resources/content/measures.json'), 'utf8')) as Measures;
const form: IntakeForm = { contentVersion: 'test', questionnaire, warningRules: warningRulesOf(redFlags), measures };
/** A served language as the core sends it (names, Intl tag, keyboard, messages); the visit needs only the code. */
const language = (code: string, name: string): KioskLanguage => ({
  code,
  name,
  englishName: name,
  intl: code,
  keyboard: { letters: [], accents: [], punctuation: [], decimal: '.' },
  messages: {},
});
const EN = language('en', 'English');
const ES = language('es', 'Español');
const settings = { idleSeconds: 60, countdownSeconds: 20, clinicName: 'Test Clinic', languages: [EN, ES] };

interface Harness {
  kiosk: Kiosk;
  sent: IntakeSubmission[];
  visitsEnded: number;
}

function makeKiosk(
  submit: (s: IntakeSubmission) => Promise<SubmitReceipt> = () =>
    Promise.resolve({ checkInCode: 'AB12', seeFrontDesk: false }),
): Harness {
  const h: Harness = { kiosk: null as unknown as Kiosk, sent: [], visitsEnded: 0 };
  h.kiosk = new Kiosk({
    load: () => Promise.resolve({ form, settings }),
    submit: (s) => {
      h.sent.push(s);
      return submit(s);
    },
    onVisitEnd: () => (h.visitsEnded += 1),
  });
  h.kiosk.form = form;
  h.kiosk.settings = settings;
  return h;
}

/** Welcome -> identity -> first questionnaire screen, for a patient born in 1988. */
function checkIn(visit: KioskVisit, name = 'Priya Shahani'): void {
  visit.start();
  visit.fullName = name;
  visit.dateOfBirth = '1988-07-03';
  expect(visit.next()).toBe('moved');
}

/** The LEFS all "a little bit of difficulty" and one PSFS activity rated 5. */
function answerMeasures(visit: KioskVisit): void {
  for (const item of measures.lefs.items) visit.measures.lefs[item.id] = 3;
  visit.measures.activities[0] = 'Stairs';
  visit.measures.ratings[0] = 5;
}

/** Answers every screen for a man with outer-hip pain (and the LEFS and PSFS) and goes to the review page. */
function toReview(visit: KioskVisit): void {
  answerMeasures(visit);
  Object.assign(visit.answers, {
    sex: 'male',
    pain_regions: ['outer-hip-right'],
    pain_now: 4,
    pain_worst: 6,
    pain_character: ['dull'],
    onset: 'gradual',
    pain_duration: '3w_3m',
    aggravating: ['walking'],
    runs: 'no',
    health_history: ['none'],
    warning_signs: ['none'],
  });
  for (let i = 0; i < 15 && visit.step.kind !== 'review'; i++) expect(visit.next()).toBe('moved');
  expect(visit.step.kind).toBe('review');
}

describe('a kiosk visit: screens and checks', () => {
  it("starts on welcome in the clinic's first language, and cannot start before the questionnaire has loaded", () => {
    const { kiosk } = makeKiosk();
    kiosk.form = null;
    kiosk.settings = { ...settings, languages: [ES, EN] };
    const visit = kiosk.visit;
    expect(visit.step.kind).toBe('welcome');
    // The clinic's order, as the core serves it: a clinic that puts Spanish first starts in it.
    expect(visit.offered.map((l) => l.code)).toEqual(['es', 'en']);
    expect(visit.lang).toBe('es');
    kiosk.settings = { ...settings, languages: [ES] };
    expect(visit.lang).toBe('es');
    visit.start();
    expect(visit.step.kind).toBe('welcome');
    kiosk.form = form;
    visit.start();
    expect(visit.step.kind).toBe('identity');
    expect(visit.stepNumber).toBe(1);
  });

  it('explains what is missing before moving on, and follows the answers to the screens they lead to', () => {
    const { kiosk } = makeKiosk();
    const visit = kiosk.visit;
    visit.start();
    expect(visit.next()).toBe('problems');
    expect(visit.banner).toBe('fix');
    expect(Object.keys(visit.problems).sort()).toEqual(['dateOfBirth', 'fullName']);
    visit.fullName = 'Maya Lindqvist';
    visit.dateOfBirth = '1994-04-12';
    expect(visit.next()).toBe('moved');
    expect(visit.banner).toBeNull();
    expect(visit.currentSection?.section.id).toBe('about');
    // Age is derived, never asked.
    expect(visit.currentSection?.questions.some((q) => q.id === 'age')).toBe(false);

    expect(visit.next()).toBe('problems');
    expect(visit.problems['sex']).toEqual({ key: 'kiosk.error.required' });
    const total = visit.totalSteps;
    visit.answers['sex'] = 'female';
    visit.answers['pregnant'] = 'yes';
    // The pregnancy screen was counted while it might still come: answering does not move the count.
    expect(visit.totalSteps).toBe(total);
    expect(visit.next()).toBe('moved');
    expect(visit.currentSection?.section.id).toBe('pregnancy');
    expect([visit.stepNumber, visit.totalSteps]).toEqual([3, total]);
    visit.back();
    visit.answers['pregnant'] = 'no';
    visit.answers['recent_birth'] = false;
    expect(visit.next()).toBe('moved');
    expect(visit.currentSection?.section.id).toBe('where');
  });

  it('Change on the review page goes to that screen, and its Next returns to review', () => {
    const { kiosk } = makeKiosk();
    const visit = kiosk.visit;
    checkIn(visit);
    toReview(visit);
    expect(visit.stepNumber).toBe(visit.totalSteps);
    const where = visit.sections.findIndex((s) => s.section.id === 'where');
    visit.edit({ kind: 'section', index: where });
    expect(visit.fromReview).toBe(true);
    visit.answers['pain_regions'] = ['groin-left'];
    expect(visit.next()).toBe('moved');
    expect(visit.step.kind).toBe('review');
    visit.edit({ kind: 'identity' });
    expect(visit.next()).toBe('moved');
    expect(visit.step.kind).toBe('review');
    // Back from review: the last measure screen, then the ones before it, then the last questionnaire screen.
    visit.back();
    expect(visit.step).toEqual({ kind: 'measure', step: 'psfs-rate' });
    visit.back();
    visit.back();
    expect(visit.step).toEqual({ kind: 'measure', step: 'lefs' });
    visit.back();
    expect(visit.step).toEqual({ kind: 'section', index: visit.sections.length - 1 });
  });

  it('a return visit asks the short follow-up and sends it with PSFS, LEFS, PGIC and exercise days', async () => {
    const { kiosk, sent } = makeKiosk();
    const visit = kiosk.visit;
    visit.start('return');
    visit.fullName = 'Priya Shahani';
    visit.dateOfBirth = '1988-07-03';
    expect(visit.next()).toBe('moved');
    Object.assign(visit.answers, { sex: 'male', pain_now: 2, pain_worst: 5, warning_signs: ['none'] });
    const seen: string[] = [];
    for (let i = 0; i < 15 && visit.step.kind !== 'review'; i++) {
      const step = visit.step;
      seen.push(step.kind === 'section' ? visit.currentSection!.section.id : step.kind === 'measure' ? step.step : '');
      if (step.kind === 'measure' && step.step === 'psfs-name') visit.measures.activities[0] = 'Stairs';
      if (step.kind === 'measure' && step.step === 'psfs-rate') visit.measures.ratings[0] = 7;
      if (step.kind === 'measure' && step.step === 'lefs')
        for (const it of measures.lefs.items) visit.measures.lefs[it.id] = 4;
      if (step.kind === 'measure' && step.step === 'pgic') {
        expect(visit.next()).toBe('problems');
        visit.measures.pgic = 'much_improved';
      }
      if (step.kind === 'measure' && step.step === 'adherence') visit.measures.exerciseDays = 6;
      expect(visit.next()).toBe('moved');
    }
    expect(seen).toEqual(['about', 'pain', 'health', 'psfs-name', 'psfs-rate', 'lefs', 'pgic', 'adherence']);
    expect(await visit.submit()).toBe('moved');
    expect(sent[0]).toMatchObject({
      visit: 'return',
      answers: { sex: 'male', pain_now: 2, pain_worst: 5, warning_signs: ['none'] },
      measures: { psfs: [{ activity: 'Stairs', rating: 7 }], pgic: 'much_improved', exerciseDays: 6 },
    });
    expect(Object.keys(sent[0]!.measures!.lefs!)).toHaveLength(20);
  });

  it('sends only what the patient can see, with the name trimmed and no empty phone', async () => {
    const { kiosk, sent } = makeKiosk();
    const visit = kiosk.visit;
    checkIn(visit, '  Tom Berg ');
    // Answered while the branch was open, then closed by a later change: not sent.
    visit.answers['sex'] = 'female';
    visit.answers['pregnant'] = 'yes';
    visit.answers['pregnancy_weeks'] = 20;
    toReview(visit);
    visit.setLanguage('es');
    expect(await visit.submit()).toBe('moved');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.locale).toBe('es');
    expect(sent[0]!.patient).toEqual({ fullName: 'Tom Berg', dateOfBirth: '1988-07-03' });
    expect(sent[0]!.answers).not.toHaveProperty('pregnant');
    expect(sent[0]!.answers).not.toHaveProperty('pregnancy_weeks');
    expect(sent[0]!.answers).not.toHaveProperty('age');
    expect(sent[0]!.answers).toMatchObject({ sex: 'male', pain_regions: ['outer-hip-right'] });
    expect(visit.step.kind).toBe('thanks');
    expect(visit.receipt?.checkInCode).toBe('AB12');
  });

  it(
    'a field the server refuses sends the patient to the screen that asked; an outage keeps everything for a ' +
      'retry',
    async () => {
      let fail: 'field' | 'down' | null = 'field';
      const { kiosk } = makeKiosk(() => {
        if (fail === 'field')
          return Promise.reject(
            new ApiCallError({
              code: 'invalid_input',
              message: 'no',
              fields: [{ path: 'answers.pain_regions[0]', message: 'unknown' }],
            }),
          );
        if (fail === 'down') return Promise.reject(new TypeError('Failed to fetch'));
        return Promise.resolve({ checkInCode: 'ZZ99', seeFrontDesk: true });
      });
      const visit = kiosk.visit;
      checkIn(visit);
      toReview(visit);
      expect(await visit.submit()).toBe('problems');
      expect(visit.currentSection?.section.id).toBe('where');
      expect(visit.problems['pain_regions']).toEqual({ key: 'kiosk.error.check' });
      expect(visit.banner).toBe('fix');
      expect(visit.next()).toBe('moved');
      expect(visit.step.kind).toBe('review');

      fail = 'down';
      expect(await visit.submit()).toBe('unavailable');
      expect(visit.banner).toBe('unavailable');
      expect(visit.step.kind).toBe('review');
      expect(visit.fullName).toBe('Priya Shahani');
      fail = null;
      expect(await visit.submit()).toBe('moved');
      expect(visit.receipt).toEqual({ checkInCode: 'ZZ99', seeFrontDesk: true });
    },
  );

  it('a retry of the same answers keeps its submission id; changed answers and a new visit get new ones', async () => {
    let down = true;
    const h = makeKiosk(() =>
      down
        ? Promise.reject(new TypeError('Failed to fetch'))
        : Promise.resolve({ checkInCode: 'AB12', seeFrontDesk: false }),
    );
    const visit = h.kiosk.visit;
    checkIn(visit);
    toReview(visit);
    expect(await visit.submit()).toBe('unavailable');
    expect(await visit.submit()).toBe('unavailable');
    const [first, retry] = h.sent;
    expect(first!.submissionId).toMatch(/^[0-9a-f]{32}$/);
    expect(retry!.submissionId).toBe(first!.submissionId);
    // The patient corrects an answer after the outage: that is another submission, with its own id.
    visit.phone = '07700 900123';
    down = false;
    expect(await visit.submit()).toBe('moved');
    expect(h.sent[2]!.submissionId).not.toBe(first!.submissionId);
    visit.end();
    const next = h.kiosk.visit;
    expect(next).not.toBe(visit);
    checkIn(next);
    toReview(next);
    expect(await next.submit()).toBe('moved');
    expect(new Set(h.sent.map((s) => s.submissionId)).size).toBe(3);
  });
});

/** Next through every screen until the health screen (warning signs) is on show. */
function toHealth(visit: KioskVisit, answers: Record<string, unknown>): void {
  Object.assign(visit.answers, {
    sex: 'male',
    pain_regions: ['groin-right'],
    pain_now: 6,
    pain_worst: 8,
    pain_character: ['sharp'],
    onset: 'gradual',
    pain_duration: 'under_1w',
    aggravating: ['walking'],
    runs: 'no',
    ...answers,
  });
  for (let i = 0; i < 10 && visit.currentSection?.section.id !== 'health'; i++) expect(visit.next()).toBe('moved');
  expect(visit.currentSection?.section.id).toBe('health');
}

describe('a kiosk visit: warning signs', () => {
  it('an emergency answer sends at once from its screen, unanswered questions and all', async () => {
    const { kiosk, sent } = makeKiosk();
    const visit = kiosk.visit;
    checkIn(visit);
    toHealth(visit, {});
    expect(visit.warning).toBeNull();
    // health_history (required, on this screen) is left unanswered; the background screen is never shown.
    // Cannot bear weight after a fall: the fracture red flag, an emergency.
    visit.answers['warning_signs'] = ['cant_bear_weight', 'fall'];
    expect(visit.warning).toBe('emergency');
    expect(visit.next()).toBe('moved');
    expect(visit.sending).toBe(true);
    await vi.waitFor(() => expect(visit.step.kind).toBe('thanks'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.answers).not.toHaveProperty('health_history');
    expect(visit.sentWarning).toBe('emergency');
  });

  it('an emergency answer does not excuse an answer given wrongly on its screen', async () => {
    const { kiosk, sent } = makeKiosk();
    const visit = kiosk.visit;
    checkIn(visit);
    Object.assign(visit.answers, { sex: 'female', pregnant: 'yes' });
    expect(visit.next()).toBe('moved');
    expect(visit.currentSection?.section.id).toBe('pregnancy');
    visit.answers['pregnancy_warning'] = ['bleeding'];
    visit.answers['pregnancy_weeks'] = 60;
    expect(visit.warning).toBe('emergency');
    expect(visit.next()).toBe('problems');
    expect(Object.keys(visit.problems)).toEqual(['pregnancy_weeks']);
    expect(sent).toHaveLength(0);
    visit.answers['pregnancy_weeks'] = 30;
    expect(visit.next()).toBe('moved');
    await vi.waitFor(() => expect(visit.step.kind).toBe('thanks'));
    expect(Object.keys(sent[0]!.answers).sort()).toEqual(['pregnancy_warning', 'pregnancy_weeks', 'pregnant', 'sex']);
  });

  it('an emergency send that fails leaves the patient on the review page with every answer', async () => {
    const { kiosk } = makeKiosk(() => Promise.reject(new ApiCallError({ code: 'internal', message: 'no' })));
    const visit = kiosk.visit;
    checkIn(visit);
    toHealth(visit, {});
    visit.answers['warning_signs'] = ['leg_turned'];
    expect(visit.next()).toBe('moved');
    await vi.waitFor(() => expect(visit.sending).toBe(false));
    expect(visit.step.kind).toBe('review');
    expect(visit.banner).toBe('unavailable');
    expect(visit.answers['warning_signs']).toEqual(['leg_turned']);
  });

  it('a same-day warning asks the remaining questions as usual, and is kept for the thank-you screen', async () => {
    const { kiosk, sent } = makeKiosk();
    const visit = kiosk.visit;
    checkIn(visit);
    toHealth(visit, {});
    visit.answers['warning_signs'] = ['calf'];
    expect(visit.warning).toBe('same-day');
    expect(visit.next()).toBe('problems');
    expect(Object.keys(visit.problems)).toEqual(['health_history']);
    visit.answers['health_history'] = ['none'];
    expect(visit.next()).toBe('moved');
    expect(visit.currentSection?.section.id).toBe('background');
    expect(visit.next()).toBe('moved');
    // The measures are asked as usual too.
    expect(visit.step).toEqual({ kind: 'measure', step: 'lefs' });
    answerMeasures(visit);
    for (let i = 0; i < 3; i++) expect(visit.next()).toBe('moved');
    expect(visit.step.kind).toBe('review');
    expect(await visit.submit()).toBe('moved');
    expect(sent).toHaveLength(1);
    expect(visit.sentWarning).toBe('same-day');
    visit.end();
    expect(kiosk.visit.sentWarning).toBeNull();
  });

  it('age derived from the date of birth counts as on the hub', () => {
    const rules = [{ urgency: 'same-day' as const, when: { question: 'age', atLeast: 65 } }];
    const { kiosk } = makeKiosk();
    kiosk.form = { ...form, warningRules: rules };
    const visit = kiosk.visit;
    visit.start();
    visit.fullName = 'Elsie Marsh';
    visit.dateOfBirth = '1950-01-01';
    expect(visit.warning).toBe('same-day');
    visit.dateOfBirth = '1990-01-01';
    expect(visit.warning).toBeNull();
  });
});

describe('a kiosk visit: timers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks "are you still there?" after the idle time, keeps everything when answered, and wipes when not', () => {
    const h = makeKiosk();
    const visit = h.kiosk.visit;
    checkIn(visit);
    visit.answers['sex'] = 'female';
    vi.advanceTimersByTime(59_000);
    visit.activity();
    vi.advanceTimersByTime(59_000);
    expect(visit.idleLeft).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(visit.idleLeft).toBe(20);
    // A stray touch during the question does not hide it; the button does.
    visit.activity();
    vi.advanceTimersByTime(5_000);
    expect(visit.idleLeft).toBe(15);
    visit.stillHere();
    expect(visit.idleLeft).toBeNull();
    expect(visit.answers['sex']).toBe('female');

    vi.advanceTimersByTime(60_000 + 20_000);
    expect(visit.ended).toBe(true);
    expect(h.visitsEnded).toBe(1);
    expect(h.kiosk.visit).not.toBe(visit);
    expect(h.kiosk.visit.step.kind).toBe('welcome');
    expect(h.kiosk.visit.answers).toEqual({});
    expect(h.kiosk.visit.fullName).toBe('');
    // The dropped object holds nothing either, in case something outside still reaches it.
    expect([visit.fullName, visit.dateOfBirth, visit.answers, visit.receipt]).toEqual(['', '', {}, null]);
    // And its timers are gone: nothing more happens.
    vi.advanceTimersByTime(10 * 60_000);
    expect(h.visitsEnded).toBe(1);
  });

  it('the welcome screen holds nothing to protect: no idle prompt there', () => {
    const { kiosk } = makeKiosk();
    const visit = kiosk.visit;
    visit.start();
    visit.back();
    vi.advanceTimersByTime(5 * 60_000);
    expect(visit.idleLeft).toBeNull();
    expect(visit.ended).toBe(false);
  });

  it('thank-you returns to welcome by itself after 30 seconds, declined after 15', async () => {
    const h = makeKiosk();
    const visit = h.kiosk.visit;
    checkIn(visit, 'Ines Duarte');
    toReview(visit);
    await visit.submit();
    expect(visit.autoResetLeft).toBe(THANKS_SECONDS);
    vi.advanceTimersByTime((THANKS_SECONDS - 1) * 1000);
    expect(h.kiosk.visit).toBe(visit);
    expect(visit.autoResetLeft).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(h.kiosk.visit).not.toBe(visit);

    const next = h.kiosk.visit;
    next.decline();
    expect(next.step.kind).toBe('declined');
    vi.advanceTimersByTime(DECLINED_SECONDS * 1000);
    expect(h.kiosk.visit).not.toBe(next);
    expect(h.visitsEnded).toBe(2);
  });

  it(
    'a language picked on welcome by someone who walked away returns to the first after the idle time; a touch ' +
      'restarts the wait',
    () => {
      const { kiosk } = makeKiosk();
      const visit = kiosk.visit;
      visit.setLanguage('es');
      vi.advanceTimersByTime(30_000);
      visit.activity();
      vi.advanceTimersByTime(45_000);
      expect(visit.lang).toBe('es');
      vi.advanceTimersByTime(15_000);
      expect(visit.lang).toBe('en');
      // Once the patient has started, the language they chose stays.
      visit.setLanguage('es');
      visit.start();
      vi.advanceTimersByTime(5 * 60_000);
      expect(visit.lang).toBe('es');
    },
  );

  it('the kiosk keeps asking for its start data until it arrives; the visit on show follows it', async () => {
    let calls = 0;
    const kiosk = new Kiosk({
      load: () =>
        ++calls === 1
          ? Promise.reject(new Error('not yet'))
          : Promise.resolve({ form, settings: { ...settings, languages: [ES] } }),
      submit: () => Promise.reject(new Error('unused')),
    });
    const visit = kiosk.visit;
    await kiosk.load();
    expect(kiosk.failed).toBe(true);
    expect(visit.form).toBeNull();
    await vi.advanceTimersByTimeAsync(RETRY_LOAD_MS);
    expect(calls).toBe(2);
    expect(kiosk.failed).toBe(false);
    expect(kiosk.visit).toBe(visit);
    expect(visit.form).toBe(form);
    expect(visit.lang).toBe('es');
  });

  it('answers arriving after the visit was wiped are not shown to the next patient', async () => {
    let answer: (r: SubmitReceipt) => void = () => undefined;
    const h = makeKiosk(() => new Promise((r) => (answer = r)));
    const visit = h.kiosk.visit;
    checkIn(visit);
    toReview(visit);
    const sending = visit.submit();
    expect(visit.sending).toBe(true);
    visit.end();
    answer({ checkInCode: 'LATE', seeFrontDesk: false });
    await sending;
    expect(visit.receipt).toBeNull();
    expect(h.kiosk.visit.receipt).toBeNull();
    expect(h.kiosk.visit.step.kind).toBe('welcome');
  });
});

describe('privacy: a visit is made fresh for every patient', () => {
  it('start over, decline and finish each give a new visit with nothing in it', async () => {
    const h = makeKiosk();
    const first = h.kiosk.visit;
    checkIn(first, 'Oskar Lindgren');
    first.answers['sex'] = 'male';
    first.largeText = true;
    first.confirmingStartOver = true;
    first.end();
    const second = h.kiosk.visit;
    expect(second).not.toBe(first);
    expect(second.fullName).toBe('');
    expect(second.answers).toEqual({});
    expect(second.largeText).toBe(false);
    expect(second.confirmingStartOver).toBe(false);
    // Ending twice (a timer and a tap at once) makes one new visit, not two.
    first.end();
    expect(h.kiosk.visit).toBe(second);

    second.decline();
    second.end();
    const third = h.kiosk.visit;
    checkIn(third);
    toReview(third);
    await third.submit();
    third.end();
    expect(h.kiosk.visit.receipt).toBeNull();
    expect(h.visitsEnded).toBe(3);
  });

  it('once a visit has ended nothing in the app still holds it: it can be garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const h = makeKiosk();
    const ref = ((): WeakRef<KioskVisit> => {
      const visit = h.kiosk.visit;
      checkIn(visit, 'Priya Shahani');
      visit.answers['sex'] = 'female';
      void visit.sections;
      visit.end();
      return new WeakRef(visit);
    })();
    // The next patient's first touch. Svelte keeps the state written by the last change until the next one (the
    // old visit's emptied fields, here), and a WeakRef keeps its target until the job that made it has ended.
    await new Promise((r) => setImmediate(r));
    h.kiosk.visit.setLanguage('es');
    await new Promise((r) => setImmediate(r));
    gc();
    expect(ref.deref()).toBeUndefined();
    expect(h.kiosk.visit.fullName).toBe('');
  });
});
