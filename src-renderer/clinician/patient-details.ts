/**
 * What the clinician screen says about a record's details once they are corrected (`patient.update`): which fields
 * changed, and how a visit's triage worked out again for the corrected age (core/triage/age-recheck.ts) differs.
 */
import type { PatientField } from '../../src-main/core/clinic';
import type { TriageResult } from '../../src-main/core/triage/engine';

/** Every field, so one added to the vocabulary cannot be left unnamed. */
const FIELD_WORDS: Record<PatientField, string> = { name: 'name', dateOfBirth: 'date of birth', phone: 'phone' };

/** "name, date of birth and phone", from the field names the api and the audit log use. */
export function changedWords(fields: readonly unknown[]): string {
  const words = fields.map((f) => FIELD_WORDS[String(f) as PatientField] ?? String(f));
  if (words.length <= 1) return words[0] ?? 'details';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** How a visit's triage worked out again for the record's age differs from the stored one, by red flag id. */
export function recheckChanges(
  stored: Pick<TriageResult, 'redFlags' | 'urgency'>,
  again: Pick<TriageResult, 'redFlags' | 'urgency'>,
): { added: string[]; removed: string[]; urgencyChanged: boolean } {
  const before = new Set(stored.redFlags.map((f) => f.id));
  const after = new Set(again.redFlags.map((f) => f.id));
  return {
    added: [...after].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !after.has(id)),
    urgencyChanged: stored.urgency !== again.urgency,
  };
}
