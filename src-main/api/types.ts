/** Result types of the contract. Plain data: they cross IPC and HTTP as JSON. */
import type { Questionnaire } from '../core/content/schema';
import type { TriageResult } from '../core/triage/engine';
import type { ClinicianRole } from './contract';
import type { IntakeSubmission, Locale } from './schemas';

export type Urgency = TriageResult['urgency'];
export type SessionStatus = 'waiting' | 'in-review' | 'seen';

export interface IntakeForm {
  contentVersion: string;
  questionnaire: Questionnaire;
}

/** What the kiosk may tell the patient after submitting: never a diagnosis. */
export interface SubmitReceipt {
  checkInCode: string;
  /** A red flag fired: ask the patient to go to the front desk now. */
  seeFrontDesk: boolean;
}

export interface ClinicianSummary {
  id: number;
  name: string;
  role: ClinicianRole;
}

export interface StaffStatus {
  hasClinicians: boolean;
  clinicians: ClinicianSummary[];
  unlocked: ClinicianSummary | null;
}

export interface QueueItem {
  sessionId: number;
  patientId: number;
  patientName: string;
  dateOfBirth: string;
  submittedAt: string;
  status: SessionStatus;
  urgency: Urgency;
  redFlagIds: string[];
  painNow: number | null;
  checkInCode: string;
  topSuggestionId: string | null;
}

export interface SessionDetail {
  sessionId: number;
  patient: { id: number; fullName: string; dateOfBirth: string; phone: string | null };
  submittedAt: string;
  status: SessionStatus;
  locale: Locale;
  checkInCode: string;
  answers: IntakeSubmission['answers'];
  triage: TriageResult;
  /** The questionnaire as it was when the patient answered (labels for the answers). */
  questionnaire: Questionnaire | null;
}
