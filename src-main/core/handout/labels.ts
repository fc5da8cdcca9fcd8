// The handout's fixed wording in the patient's language, from the `handout` messages of its locale file (the
// exercise and advice texts come from content). Pure and zod-free: it runs in the PDF worker.
import { formatMessage, type Message, type Values } from '../locales/format';

/** What the PDF needs of a language: its Intl tag and its handout messages (plain data, crosses to the worker). */
export interface HandoutLanguage {
  code: string;
  intl: string;
  messages: Record<string, Message>;
}

export interface HandoutLabels {
  title: string;
  patient: string;
  date: string;
  clinician: string;
  pregnancy: (weeks: number) => string;
  yourExercises: string;
  intro: string;
  howMuch: string;
  sets: (n: number) => string;
  reps: (n: number) => string;
  setsOfReps: (sets: number, reps: number) => string;
  hold: (s: number) => string;
  /** "Hold 20 seconds, 3 times". */
  holdTimes: (seconds: number, times: number) => string;
  /** "Hold each for 3 seconds", under "3 sets of 10". */
  holdEach: (seconds: number) => string;
  side: Record<'left' | 'right' | 'both', string>;
  takeCare: string;
  stageEasier: string;
  stageHarder: string;
  nextStep: string;
  /** "{criterion}: {what to do next}". */
  moveOnTo: (when: string, next: string) => string;
  nextStepAsShown: string;
  stopMaternity: string;
  stopEmergency: string;
  stopClinic: (phone: string | undefined) => string;
  pregnancyUncertain: string;
  minutes: (m: number) => string;
  timesPerDay: (n: number) => string;
  daysPerWeek: (n: number) => string;
  leftOut: string;
  leftOutIntro: string;
  instead: (name: string) => string;
  keptByClinician: (reason: string) => string;
  advice: string;
  pregnancyAdvice: string;
  stopAndCall: string;
  stopIntro: string;
  tickSheet: string;
  tickIntro: string;
  week: string;
  exercise: string;
  /** Short weekday names, Monday first. */
  days: string[];
  page: (n: number, of: number) => string;
  documentTitle: (patient: string) => string;
  /** A calendar date (YYYY-MM-DD) written out in the language. */
  longDate: (isoDay: string) => string;
}

/** Short weekday names from Intl, Monday first, with a capital as on a printed table. */
function weekdays(intl: string): string[] {
  const fmt = new Intl.DateTimeFormat(intl, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const name = fmt.format(new Date(Date.UTC(2024, 0, 1 + i))).replace(/\.$/, '');
    return name.charAt(0).toLocaleUpperCase(intl) + name.slice(1);
  });
}

export function handoutLabels({ intl, messages }: HandoutLanguage): HandoutLabels {
  const m = (key: string, values: Values = {}) => formatMessage(messages[key] ?? key, values, intl);
  const dateFormat = new Intl.DateTimeFormat(intl, { dateStyle: 'long', timeZone: 'UTC' });
  return {
    title: m('title'),
    patient: m('patient'),
    date: m('date'),
    clinician: m('clinician'),
    pregnancy: (weeks) => m('pregnancy', { weeks }),
    yourExercises: m('yourExercises'),
    intro: m('intro'),
    howMuch: m('howMuch'),
    sets: (n) => m('sets', { n }),
    reps: (n) => m('reps', { n }),
    setsOfReps: (sets, reps) => m('setsOfReps', { sets: m('sets', { n: sets }), reps }),
    hold: (n) => m('hold', { n }),
    holdTimes: (seconds, times) =>
      times > 1
        ? m('holdTimes', { hold: m('holdSeconds', { n: seconds }), times: m('times', { n: times }) })
        : m('holdFor', { hold: m('holdSeconds', { n: seconds }) }),
    holdEach: (n) => m('holdEach', { n }),
    side: { left: m('sideLeft'), right: m('sideRight'), both: m('sideBoth') },
    takeCare: m('takeCare'),
    stageEasier: m('stageEasier'),
    stageHarder: m('stageHarder'),
    nextStep: m('nextStep'),
    moveOnTo: (when, next) => m('moveOnTo', { when, next }),
    nextStepAsShown: m('nextStepAsShown'),
    stopMaternity: m('stopMaternity'),
    stopEmergency: m('stopEmergency'),
    stopClinic: (phone) => (phone ? m('stopClinic', { phone }) : m('stopClinicNoPhone')),
    pregnancyUncertain: m('pregnancyUncertain'),
    minutes: (n) => m('minutes', { n }),
    timesPerDay: (n) => m('timesPerDay', { n }),
    daysPerWeek: (n) => m('daysPerWeek', { n }),
    leftOut: m('leftOut'),
    leftOutIntro: m('leftOutIntro'),
    instead: (name) => m('instead', { name }),
    keptByClinician: (reason) => m('keptByClinician', { reason }),
    advice: m('advice'),
    pregnancyAdvice: m('pregnancyAdvice'),
    stopAndCall: m('stopAndCall'),
    stopIntro: m('stopIntro'),
    tickSheet: m('tickSheet'),
    tickIntro: m('tickIntro'),
    week: m('week'),
    exercise: m('exercise'),
    days: weekdays(intl),
    page: (n, of) => m('page', { n, of }),
    documentTitle: (patient) => m('documentTitle', { patient }),
    longDate: (isoDay) => dateFormat.format(new Date(`${isoDay}T12:00:00Z`)),
  };
}

/** The handout part of a loaded language. */
export function handoutLanguageOf(language: {
  code: string;
  intl: string;
  handout: Record<string, Message>;
}): HandoutLanguage {
  return { code: language.code, intl: language.intl, messages: language.handout };
}

/** The numbers of a dosage as the handout prints them, the amount first. */
export interface DosageNumbers {
  sets?: number;
  reps?: number;
  holdSeconds?: number;
  durationMinutes?: number;
  timesPerDay: number;
  daysPerWeek: number;
}

/**
 * The dosage lines, the amount first: "3 sets of 12"; a hold as "Hold 20 seconds, 3 times" (never "3 sets of 1,
 * hold 20 s"); repetitions with a short hold as "3 sets of 10" and "Hold each for 3 seconds".
 */
export function dosageLines(d: DosageNumbers, L: HandoutLabels): string[] {
  const lines: string[] = [];
  const sets = d.sets ?? 1;
  const reps = d.reps ?? 1;
  if (d.holdSeconds && (sets === 1 || reps === 1)) {
    lines.push(L.holdTimes(d.holdSeconds, sets * reps));
  } else {
    // A single set is just "3 repetitions"; a set count alone (timed work) says nothing useful.
    const amount = d.reps ? (sets > 1 ? L.setsOfReps(sets, d.reps) : L.reps(d.reps)) : sets > 1 ? L.sets(sets) : '';
    if (amount) lines.push(amount);
    if (d.holdSeconds) lines.push(L.holdEach(d.holdSeconds));
  }
  if (d.durationMinutes) lines.push(L.minutes(d.durationMinutes));
  lines.push(L.timesPerDay(d.timesPerDay), L.daysPerWeek(d.daysPerWeek));
  return lines;
}
