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
  minutes: (m: number) => string;
  timesPerDay: (n: number) => string;
  daysPerWeek: (n: number) => string;
  leftOut: string;
  leftOutIntro: string;
  instead: (name: string) => string;
  keptByClinician: (reason: string) => string;
  advice: string;
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
    minutes: (n) => m('minutes', { n }),
    timesPerDay: (n) => m('timesPerDay', { n }),
    daysPerWeek: (n) => m('daysPerWeek', { n }),
    leftOut: m('leftOut'),
    leftOutIntro: m('leftOutIntro'),
    instead: (name) => m('instead', { name }),
    keptByClinician: (reason) => m('keptByClinician', { reason }),
    advice: m('advice'),
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
