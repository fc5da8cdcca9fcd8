/**
 * Fixed identifiers of the clinical content, free of zod so the kiosk bundle can use them (and the visibility rules
 * built on them) without carrying the schema library.
 */
export const URGENCIES = ['emergency', 'same-day', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];
/** Higher is more urgent; used to take the maximum over red flags. */
export const URGENCY_RANK: Record<Urgency, number> = { routine: 0, 'same-day': 1, emergency: 2 };

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
] as const;
export type BodyRegion = (typeof BODY_REGIONS)[number];

export const DURATION_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const DAYS_PER_UNIT: Record<DurationUnit, number> = { days: 1, weeks: 7, months: 30.44, years: 365.25 };

export const LOCALES_REQUIRED = ['en', 'es'] as const;
