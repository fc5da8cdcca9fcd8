/**
 * The dosage form: what the clinician types (text, possibly half-written) and the checked dosage the plan takes.
 * Validation uses the core's DosageSchema, so the screen and the server agree on every limit.
 */
import { DOSAGE_LIMITS, DosageSchema } from '../../../src-main/core/handout/schema';
import type { Dosage } from '../../../src-main/core/handout/schema';

export const NUMBER_FIELDS = ['sets', 'reps', 'holdSeconds', 'durationMinutes', 'timesPerDay', 'daysPerWeek'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];
export type DosageDraft = Record<NumberField, string> & { notes: string };

export const FIELD_LABELS: Record<NumberField, string> = {
  sets: 'Sets',
  reps: 'Reps',
  holdSeconds: 'Hold (s)',
  durationMinutes: 'Minutes',
  timesPerDay: 'Times a day',
  daysPerWeek: 'Days a week',
};

export function draftOf(d: Dosage, locale: string): DosageDraft {
  const s = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    sets: s(d.sets),
    reps: s(d.reps),
    holdSeconds: s(d.holdSeconds),
    durationMinutes: s(d.durationMinutes),
    timesPerDay: s(d.timesPerDay),
    daysPerWeek: s(d.daysPerWeek),
    notes: d.notes ? (d.notes[locale] ?? d.notes.en) : '',
  };
}

export type DosageCheck =
  { ok: true; dosage: Dosage } | { ok: false; errors: Partial<Record<NumberField | 'form', string>> };

/** Checks a draft; the notes are printed as typed, in whatever language the clinician wrote them for the patient. */
export function checkDraft(draft: DosageDraft): DosageCheck {
  const errors: Partial<Record<NumberField | 'form', string>> = {};
  const value: Record<string, unknown> = {};
  for (const f of NUMBER_FIELDS) {
    const raw = draft[f].trim();
    if (raw === '') continue;
    const n = Number(raw);
    const [min, max] = DOSAGE_LIMITS[f];
    if (!Number.isInteger(n)) errors[f] = 'Whole number';
    else if (n < min || n > max) errors[f] = `${min}–${max}`;
    else value[f] = n;
  }
  if (!draft.timesPerDay.trim()) errors.timesPerDay ??= 'Required';
  if (!draft.daysPerWeek.trim()) errors.daysPerWeek ??= 'Required';
  if (Object.keys(errors).length) return { ok: false, errors };
  const notes = draft.notes.trim();
  if (notes) value['notes'] = { en: notes, es: notes };
  const parsed = DosageSchema.safeParse(value);
  if (parsed.success) return { ok: true, dosage: parsed.data };
  return { ok: false, errors: { form: 'Give reps, a hold time or minutes.' } };
}

/** One line summary, as the patient will read it (in English for the clinician). */
export function describeDosage(d: Dosage): string {
  const parts = [
    d.sets && d.reps ? `${d.sets} × ${d.reps} reps` : d.reps ? `${d.reps} reps` : d.sets ? `${d.sets} sets` : null,
    d.holdSeconds ? `hold ${d.holdSeconds} s` : null,
    d.durationMinutes ? `${d.durationMinutes} min` : null,
    `${d.timesPerDay}×/day`,
    `${d.daysPerWeek} days/week`,
  ];
  return parts.filter(Boolean).join(' · ');
}
