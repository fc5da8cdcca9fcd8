/**
 * A patient's record as plain data, for a records request: what the store holds about one patient, gathered by the
 * api layer and turned into a JSON bundle, a clinical letter (letter.ts) and FHIR R4 resources (fhir.ts).
 */
import type { IntakeAnswers, Question, Questionnaire } from '../content/schema';
import {
  answerText as wordsOf,
  isUnanswered,
  optionLabel as optionLabelOf,
  type AnswerWords,
} from '../content/answer-text';
import type { TriageResult } from '../triage/engine';
import type { MeasureId } from '../content/measures';
import type { VisitKind } from '../measures/visit-plan';

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
  /**
   * Null: a new patient's visit; 'to-confirm': the kiosk's name and birth date matched and no clinician has yet said
   * it is the same person; 'confirmed'. (A visit found to be someone else's moved to that person's record.)
   */
  identityStatus: 'to-confirm' | 'confirmed' | 'new-patient' | null;
  /** When a clinician settled identityStatus, and their name; null while it waits (or for a new patient's visit). */
  identityResolvedAt: string | null;
  identityResolvedBy: string | null;
  /** 'first', or 'return' when the patient said they had been here before. */
  visitKind: VisitKind;
  /** The phone typed at the kiosk for this visit: kept with the visit, never written over the patient's phone. */
  kioskPhone: string | null;
  /**
   * When an intake that waited on the kiosk (the clinic network was down) reached the clinic; submittedAt is still
   * when the patient finished. Null when it arrived at once.
   */
  receivedAt: string | null;
  /** When a clinician acknowledged the visit's warning-sign alert, and their name; null when none or not yet. */
  alertAcknowledgedAt: string | null;
  alertAcknowledgedBy: string | null;
  /** The outcome measures answered at this visit (store/measures.ts), with their scores; none before migration 011. */
  measures: RecordMeasure[];
}

export interface RecordMeasure {
  measure: MeasureId;
  /** As stored: LEFS item id → 0-4; PSFS [{ activity, rating }]; NPRS { now, worst }; PGIC { option }; { days }. */
  items: unknown;
  total: number | null;
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
  return question ? optionLabelOf(question, id, locale) : id;
}

/** How the session's language says yes and no (from its locale file). */
export interface YesNo {
  yes: string;
  no: string;
}

/** Words for answers in a record in the session's language (regions and units stay as their ids). */
export function recordWords(words: YesNo): AnswerWords {
  return { yes: words.yes, no: words.no, region: (id) => id, unit: (unit) => unit };
}

/** An answer as words in the session's language; one the questionnaire does not know is shown as stored. */
export function answerText(
  question: Question | undefined,
  value: IntakeAnswers[string],
  locale: string,
  words: YesNo,
): string {
  if (isUnanswered(value)) return '—';
  if (question) return wordsOf(question, value, locale, recordWords(words));
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return `${value.value} ${value.unit}`;
  return String(value);
}
