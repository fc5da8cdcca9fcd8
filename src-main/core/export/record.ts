/**
 * A patient's record as plain data, for a records request: what the store holds about one patient, gathered by the
 * api layer and turned here into a JSON bundle, a readable PDF summary and FHIR R4 resources.
 */
import type { IntakeAnswers, Question, Questionnaire } from '../content/schema';
import type { TriageResult } from '../triage/engine';

export const RECORD_BUNDLE_FORMAT = 'stride.patient-record/1';

export interface RecordPatient {
  id: number;
  fullName: string;
  dateOfBirth: string;
  phone: string | null;
  createdAt: string;
}

export interface RecordSession {
  id: number;
  submittedAt: string;
  status: string;
  locale: string;
  checkInCode: string;
  contentVersion: string;
  engineVersion: string;
  answers: IntakeAnswers;
  triage: TriageResult;
  questionnaire: Questionnaire | null;
}

export interface PatientRecord {
  format: typeof RECORD_BUNDLE_FORMAT;
  exportedAt: string;
  clinicName: string;
  patient: RecordPatient;
  sessions: RecordSession[];
  /**
   * Rows of other tables that belong to this patient or their sessions (assessment notes, handouts, ...), by table
   * name, found from the schema at export time so areas added later are included without changing this module.
   */
  related: Record<string, Record<string, unknown>[]>;
}

export function questionsById(q: Questionnaire | null): Map<string, Question> {
  const map = new Map<string, Question>();
  for (const s of q?.sections ?? []) for (const question of s.questions) map.set(question.id, question);
  return map;
}

/** An option's label in the session's language, or its id when the questionnaire no longer has it. */
export function optionLabel(question: Question | undefined, id: string, locale: string): string {
  const opt = question?.options?.find((o) => o.id === id);
  return opt ? (opt.label[locale] ?? opt.label.en) : id;
}

/** How the session's language says yes and no (from its locale file). */
export interface YesNo {
  yes: string;
  no: string;
}

/** An answer as words in the session's language: option labels instead of ids, units spelled out. */
export function answerText(question: Question | undefined, value: IntakeAnswers[string], locale: string, words: YesNo): string {
  const label = (id: string) => optionLabel(question, id, locale);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return `${value.value} ${value.unit}`;
  return question?.type === 'single' ? label(value) : value;
}
