/**
 * The words Stride's layers share, defined once: urgencies and their order, body regions, duration units, the phone
 * pattern, pregnancy weeks and the shape of a language code. Zod-free and without node imports, so the kiosk bundle,
 * the store and the core all read the same values.
 */

/** Most urgent first: this order is the queue's order and the one place that decides which urgency wins. */
export const URGENCIES = ['emergency', 'same-day', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Position in URGENCIES: 0 is the most urgent. The store keeps it as the queue's sort column. */
export function urgencyOrder(urgency: Urgency): number {
  return URGENCIES.indexOf(urgency);
}

export function moreUrgent(a: Urgency, b: Urgency): boolean {
  return urgencyOrder(a) < urgencyOrder(b);
}

/** The most urgent of a list; routine when the list is empty. */
export function mostUrgent(urgencies: Iterable<Urgency>): Urgency {
  let most: Urgency = 'routine';
  for (const u of urgencies) if (moreUrgent(u, most)) most = u;
  return most;
}

export const BODY_REGIONS = [
  'groin-left',
  'groin-right',
  'outer-hip-left',
  'outer-hip-right',
  'buttock-left',
  'buttock-right',
  'thigh-left',
  'thigh-right',
  'knee-left',
  'knee-right',
  'lower-back-left',
  'lower-back-right',
  // The finer regions (clinical safety II): hip-specific landmarks a pain drawing needs to tell conditions apart.
  'sacroiliac-left',
  'sacroiliac-right',
  'iliac-crest-left',
  'iliac-crest-right',
  'sit-bone-left',
  'sit-bone-right',
  'inguinal-left',
  'inguinal-right',
  'thigh-front-left',
  'thigh-front-right',
  'thigh-outer-left',
  'thigh-outer-right',
  'thigh-back-left',
  'thigh-back-right',
  'thigh-inner-left',
  'thigh-inner-right',
  'knee-front-left',
  'knee-front-right',
  'knee-outer-left',
  'knee-outer-right',
  'lower-leg-left',
  'lower-leg-right',
  'foot-left',
  'foot-right',
  'pubic-symphysis',
] as const;
export type BodyRegion = (typeof BODY_REGIONS)[number];

/**
 * Check-in codes: four characters from an alphabet without 0/O, 1/I/L, 5/S, 2/Z, so a code read aloud or from a
 * screen is not mistaken. The hub makes them; a kiosk that could not reach the hub makes one the same way and the hub
 * keeps it when it is free that day.
 */
export const CHECK_IN_ALPHABET = '346789ACDEFGHJKMNPQRTUVWXY';
export const CHECK_IN_LENGTH = 4;
export const CHECK_IN_PATTERN = new RegExp(`^[${CHECK_IN_ALPHABET}]{${CHECK_IN_LENGTH}}$`);

export const DURATION_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const DAYS_PER_UNIT: Record<DurationUnit, number> = { days: 1, weeks: 7, months: 30.44, years: 365.25 };

/** Phone numbers as people write them: digits, spaces, +, - and brackets. */
export const PHONE_PATTERN = /^[+0-9 ()-]*$/;
export const PHONE_HINT = 'Use digits, spaces, +, - and brackets only.';
/** Longest phone number a patient may type at the kiosk. */
export const PHONE_MAX_LENGTH = 30;
/** A patient's full name as typed at the kiosk: the contract's limit and the field's. */
export const NAME_MAX_LENGTH = 120;

/** Weeks of pregnancy Stride accepts as plausible. */
export const PREGNANCY_WEEKS = { min: 1, max: 42 } as const;
/** First week of the second and of the third trimester. */
export const SECOND_TRIMESTER_FROM_WEEK = 14;
export const THIRD_TRIMESTER_FROM_WEEK = 28;
/** Lying flat on the back is left out of handouts from this week (the womb can press on the vena cava). */
export const SUPINE_FROM_WEEK = 16;
/** No firm guideline exists for lying face down; Stride stops suggesting it from this week to be on the safe side. */
export const PRONE_FROM_WEEK = 12;

/** A language is named by its file in resources/locales: two or three lower-case letters (en.json, fr.json). */
export const LOCALE_CODE_PATTERN = /^[a-z]{2,3}$/;
/**
 * The language every text is written in first. Clinician-facing text is English, and the kiosk shows English
 * before the clinic's languages have arrived; every other language is checked against it.
 */
export const REFERENCE_LOCALE = 'en';

/** A clinic group's PostgreSQL server is named by a URL starting postgres:// or postgresql:// (any case). */
export const POSTGRES_URL_PATTERN = /^postgres(ql)?:\/\//i;
