/** Small display helpers for the clinician screen. */
import type { ContentCatalog } from '../../src-main/api/types';
import type { AnswerWords } from '../../src-main/core/content/answer-text';
import { ageOn } from '../../src-main/core/age';
import { localDate } from '../../src-main/core/clock';

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

export const URGENCY_LABEL = { emergency: 'Emergency', 'same-day': 'Same day', routine: 'Routine' } as const;
export const STATUS_LABEL = { waiting: 'Waiting', 'in-review': 'In review', seen: 'Seen' } as const;

export const REGION_LABEL: Record<string, string> = {
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
};

/** The clinician screen reads answers in English, with the region names above. */
export const ANSWER_WORDS: AnswerWords = {
  yes: 'Yes',
  no: 'No',
  region: (id) => REGION_LABEL[id] ?? id,
  unit: (unit) => unit,
};
