/** Small display helpers for the clinician screen. */
import type { ContentCatalog } from '../../src-main/api/types';
import type { BodyRegion } from '../../src-main/core/vocabulary';
import type { AnswerWords } from '../../src-main/core/content/answer-text';
import { ageOn } from '../../src-main/core/age';
import { localDate } from '../../src-main/core/clock';
import { isUnmatchedReturn } from '../../src-main/core/clinic';

export const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString([], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
export const day = (iso: string) =>
  new Date(iso).toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' });
/**
 * A calendar date (a birth date, "1990-04-12") in the same format as `day`. Read as UTC and shown as UTC: read as
 * local midnight, west of Greenwich it would show the day before.
 */
export const calendarDay = (isoDate: string) =>
  new Date(`${isoDate}T00:00:00Z`).toLocaleDateString([], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });

/** Age today (the clinic's local day), computed as the kiosk and the core compute it. */
export function ageFrom(dateOfBirth: string, at = new Date()): number {
  return ageOn(dateOfBirth, localDate(at));
}

export function conditionName(catalog: ContentCatalog | null, id: string | null): string {
  if (!id) return '—';
  return catalog?.conditions.find((c) => c.id === id)?.name ?? id;
}

export function redFlagName(catalog: ContentCatalog | null, id: string): string {
  return catalog?.redFlags.find((f) => f.id === id)?.name ?? id;
}

/** A returning patient the kiosk found no record for (core/clinic.ts isUnmatchedReturn). */
export const unmatchedReturn = (s: { visitKind: string; identityStatus: string | null }) =>
  isUnmatchedReturn(s.visitKind, s.identityStatus);

export const URGENCY_LABEL = { emergency: 'Emergency', 'same-day': 'Same day', routine: 'Routine' } as const;
export const STATUS_LABEL = { waiting: 'Waiting', 'in-review': 'In review', seen: 'Seen' } as const;

/** Body regions in English for the clinician screen; every region, so a new one cannot be left unnamed. */
export const REGION_LABEL: Record<BodyRegion, string> = {
  'groin-left': 'Groin (left)',
  'groin-right': 'Groin (right)',
  'outer-hip-left': 'Outer hip (left)',
  'outer-hip-right': 'Outer hip (right)',
  'buttock-left': 'Buttock (left)',
  'buttock-right': 'Buttock (right)',
  'thigh-left': 'Thigh (left)',
  'thigh-right': 'Thigh (right)',
  'knee-left': 'Knee (left)',
  'knee-right': 'Knee (right)',
  'lower-back-left': 'Lower back (left)',
  'lower-back-right': 'Lower back (right)',
  'sacroiliac-left': 'Sacroiliac joint (left)',
  'sacroiliac-right': 'Sacroiliac joint (right)',
  'iliac-crest-left': 'Iliac crest (left)',
  'iliac-crest-right': 'Iliac crest (right)',
  'sit-bone-left': 'Sit bone (ischial tuberosity) (left)',
  'sit-bone-right': 'Sit bone (ischial tuberosity) (right)',
  'inguinal-left': 'Inguinal (above the groin crease) (left)',
  'inguinal-right': 'Inguinal (above the groin crease) (right)',
  'thigh-front-left': 'Front of thigh (left)',
  'thigh-front-right': 'Front of thigh (right)',
  'thigh-outer-left': 'Outer thigh (left)',
  'thigh-outer-right': 'Outer thigh (right)',
  'thigh-back-left': 'Back of thigh (left)',
  'thigh-back-right': 'Back of thigh (right)',
  'thigh-inner-left': 'Inner thigh (left)',
  'thigh-inner-right': 'Inner thigh (right)',
  'knee-front-left': 'Front of knee (left)',
  'knee-front-right': 'Front of knee (right)',
  'knee-outer-left': 'Outer knee (left)',
  'knee-outer-right': 'Outer knee (right)',
  'lower-leg-left': 'Lower leg (left)',
  'lower-leg-right': 'Lower leg (right)',
  'foot-left': 'Foot (left)',
  'foot-right': 'Foot (right)',
  'pubic-symphysis': 'Pubic symphysis',
};

/** The clinician screen reads answers in English, with the region names above. */
export const ANSWER_WORDS: AnswerWords = {
  yes: 'Yes',
  no: 'No',
  region: (id) => REGION_LABEL[id as BodyRegion] ?? id,
  unit: (unit) => unit,
};
