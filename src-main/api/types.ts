/** Result types of the contract. Plain data: they cross IPC and HTTP as JSON. */
import type { VisitKind } from '../core/measures/visit-plan';
import type { Measures } from '../core/content/measures';
import type { Questionnaire } from '../core/content/schema';
import type { TriageResult } from '../core/triage/engine';
import type { AgeRecheck } from '../core/triage/age-recheck';
import type { WarningRule } from '../core/triage/warnings';
import type { PatientRecord } from '../core/export/record';
import type { PatientOutcomes } from '../core/measures/outcomes';
import type { FhirBundle } from '../core/export/fhir';
import type { ClinicianRole, SessionStatus } from '../core/clinic';
import type { IntakeSubmission, Locale } from './schemas';
import type { KeyboardLayout, LanguageInfo, MessageTree } from '../core/locales/catalog';

export type { LanguageInfo } from '../core/locales/catalog';
import type { AssessmentNote } from './assessment';

/**
 * The clinic settings document (admin.settings.get and .update): defined once, in core, for the store and the contract.
 */
export type { Settings } from '../core/settings';

export type Urgency = TriageResult['urgency'];
export type { ClinicianRole, SessionStatus };

export interface IntakeForm {
  contentVersion: string;
  questionnaire: Questionnaire;
  /**
   * The red flags reduced to { urgency, when }, with no names, reasons or actions: what the kiosk needs to know on its
   * own that an answer is a warning sign (core/triage/warnings.ts).
   */
  warningRules: WarningRule[];
  /** The outcome measures (LEFS, PSFS, PGIC, exercise days) and the questions a return visit asks. */
  measures: Measures;
}

/** What the kiosk may tell the patient after submitting: never a diagnosis. */
export interface SubmitReceipt {
  checkInCode: string;
  /** A red flag fired: ask the patient to go to the front desk now. */
  seeFrontDesk: boolean;
  /**
   * The hub could not be reached: the intake waits in this station's outbox and is delivered when the hub is back.
   * checkInCode is then the station's own code (sent with the intake), and seeFrontDesk is the station's cautious
   * reading of the warning-sign answers, since triage runs on the hub.
   */
  held?: boolean;
}

export interface ClinicianSummary {
  id: number;
  name: string;
  role: ClinicianRole;
}

/** First-run setup and recovery: the administrator, and the recovery code to print or write down (shown once). */
export interface SetupResult extends ClinicianSummary {
  recoveryCode: string;
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
  /** False only for an urgent arrival nobody has acknowledged yet: the screen keeps alerting. */
  alertAcknowledged: boolean;
  /** "I've been here before" at the kiosk (a short follow-up), or a first visit. */
  visitKind: VisitKind;
  /** 'to-confirm': the kiosk's name and birth date matched this patient; a clinician must confirm it is them. */
  identityStatus: IdentityStatus;
  /**
   * Set when the intake waited on the kiosk for the hub (core/held-intake.ts): when it reached the hub. `submittedAt`
   * is when the patient finished, which may be hours or days earlier.
   */
  receivedAt: string | null;
}

/** Who a session belongs to (migration 011): null for a new patient, else the state of the match. */
export type IdentityStatus = 'to-confirm' | 'confirmed' | 'new-patient' | null;

/** What `session.resolveIdentity` did. */
export interface IdentityResolution {
  sessionId: number;
  patientId: number;
  identityStatus: 'confirmed' | 'new-patient';
  phoneUpdated: boolean;
}

export interface SessionDetail {
  sessionId: number;
  patient: PatientDetails;
  submittedAt: string;
  /** As QueueItem's: when an intake that waited on the kiosk reached the hub. */
  receivedAt: string | null;
  status: SessionStatus;
  locale: Locale;
  checkInCode: string;
  answers: IntakeSubmission['answers'];
  triage: TriageResult;
  /** The questionnaire as it was when the patient answered (labels for the answers). */
  questionnaire: Questionnaire | null;
  visitKind: VisitKind;
  identityStatus: IdentityStatus;
  /** The phone typed at the kiosk for this visit (the patient's record keeps its own until a clinician changes it). */
  kioskPhone: string | null;
  /** While the identity is to confirm: the other records with the same name and date of birth, oldest first. */
  namesakes: NamesakeRecord[];
  /**
   * For a returning patient the kiosk found no record for (core/clinic.ts isUnmatchedReturn): the other patients born
   * the same day, where their earlier visits may be under another spelling. Empty otherwise.
   */
  bornThatDay: BornThatDayRecord[];
  /**
   * When the record's birth date was corrected after the visit and gives another age on that day: the visit's triage
   * worked out again for that age (core/triage/age-recheck.ts). The stored `triage` is unchanged. Null otherwise.
   */
  ageRecheck: AgeRecheck | null;
}

/** Another patient born on the day a returning patient gave: the record they may already be under. */
export interface BornThatDayRecord {
  patientId: number;
  fullName: string;
  phone: string | null;
  sessions: number;
  lastVisit: string | null;
}

/** A record that shares a name and date of birth with a session's matched patient: what tells the two apart. */
export interface NamesakeRecord {
  patientId: number;
  phone: string | null;
  sessions: number;
  lastVisit: string | null;
}

/** Names and texts from the content the clinician screen shows beside ids (clinician-facing, English). */
export interface ContentCatalog {
  contentVersion: string;
  /** The languages Stride has (from resources/locales), reference language first. */
  languages: LanguageInfo[];
  conditions: { id: string; name: string; description: string; distinguishFrom: string[] }[];
  redFlags: { id: string; name: string; urgency: Urgency; action: string }[];
  riskFactors: { id: string; name: string; description: string }[];
  /** examination.json in English: the tests and movements the assessment form offers, in the file's order. */
  examination: {
    tests: CatalogExamTest[];
    rangeOfMotion: CatalogMovement[];
  };
}

export interface CatalogSource {
  cites: string;
  for: string;
}

export interface CatalogExamTest {
  id: string;
  name: string;
  how: string;
  positive: string;
  caution: string | null;
  sources: CatalogSource[];
}

export interface CatalogMovement {
  id: string;
  name: string;
  typicalDegrees: number;
  maxDegrees: number;
  reduced: string;
  sources: CatalogSource[];
}

export interface ClinicInfo {
  clinicName: string;
  /** Read on every call: a changed setting applies without a restart. */
  autoLockMinutes: number;
  catalog: ContentCatalog;
}

export interface PatientHit {
  patientId: number;
  fullName: string;
  dateOfBirth: string;
  sessions: number;
  lastVisit: string | null;
}

export interface HistorySession {
  sessionId: number;
  submittedAt: string;
  /** The visit's day (YYYY-MM-DD, the clinic's local date at check-in). */
  visitDate: string;
  status: SessionStatus;
  urgency: Urgency;
  painNow: number | null;
  topSuggestionId: string | null;
  assessments: number;
}

/** A patient record's details as the clinician screen shows and corrects them. */
export interface PatientDetails {
  id: number;
  fullName: string;
  dateOfBirth: string;
  phone: string | null;
}

export interface PatientHistory {
  patient: PatientDetails;
  /** Oldest first: the order of the outcome charts. */
  sessions: HistorySession[];
  outcomes: OutcomesView;
}

/** A patient's outcomes across visits (core/measures/outcomes.ts) with the words the clinician screen shows. */
export interface OutcomesView extends PatientOutcomes {
  /** Each measure's name in the staff screens' language. */
  names: Record<'nprs' | 'lefs' | 'psfs' | 'pgic', string>;
  /** PGIC answers by option id, in the staff screens' language. */
  pgicLabels: Record<string, string>;
}

export interface AssessmentVersion {
  id: number;
  sessionId: number;
  version: number;
  previousId: number | null;
  author: { id: number; name: string };
  createdAt: string;
  /** Why this version amends the previous one (null for version 1, and for amendments saved before it was asked). */
  reason: string | null;
  note: AssessmentNote;
}

export interface ClinicianAdmin {
  id: number;
  name: string;
  role: ClinicianRole;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
  createdAt: string;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actorType: 'kiosk' | 'clinician' | 'system';
  actorId: number | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: number | null;
  detail: Record<string, unknown> | null;
}

/** The audit log's hash chain, checked: intact, or the first entry whose link does not hold; in one sentence too. */
export type AuditChainReport = (
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenAtId: number; reason: 'edited' | 'missing-before' | 'unchained' }
) & { sentence: string };

/** One backup file of the database. */
export interface BackupInfo {
  name: string;
  takenAt: string;
  bytes: number;
  /** Handout PDFs in the folder beside the backup (`stride-….handouts`); null for a backup made before they were. */
  handouts: number | null;
}

/** `handoutsMissing`: PDFs the database refers to that were missing or changed in the handouts folder, not copied. */
export type BackupTaken = BackupInfo & { removed: string[]; handoutsMissing: number };

export interface BackupList {
  /** Which engine keeps the records: Stride backs up a SQLite file; PostgreSQL's server backs up a group's database. */
  engine: 'sqlite' | 'postgres';
  /** On PostgreSQL: that backups are the server's and where the commands are (the rest is then empty). */
  serverBackups: string | null;
  dir: string;
  keep: number;
  backups: BackupInfo[];
  /** The live handouts folder, where a restore puts a backup's handout PDFs back. */
  handoutsDir: string;
}

/** What a backup holds, shown before restoring it; `sameClinic` false needs `confirmOtherClinic`. */
export interface BackupDetails {
  name: string;
  /** Null when the backup predates clinic ids (then `confirmOtherClinic` is `'unrecorded'`). */
  clinicId: string | null;
  clinicName: string;
  sameClinic: boolean;
  patients: number;
  sessions: number;
  schemaVersion: number;
  /** Checked handout PDFs in the backup; null for a backup made before backups held them. */
  handouts: number | null;
}

export interface RestoreReport {
  restored: string;
  fromSchemaVersion: number;
  /** File name the replaced database was kept under, beside the live one. */
  keptAside: string;
  /** Handout PDFs put back; null when the backup has none (made before backups held them). */
  handoutsRestored: number | null;
  /** Handouts its database refers to that were already missing when the backup was taken. */
  handoutsAbsent: number;
}

export interface RetentionSettings {
  recordsYears: number;
  draftDays: number;
}

export interface PurgeResult {
  cutoff: string;
  sessions: number;
  patients: number;
  /** Rows removed from tables that reference sessions or patients (assessments, handouts, ...), by table. */
  related: Record<string, number>;
  /** Handout PDFs (names under <dataDir>/handouts) whose records were purged and which were deleted with them. */
  expiredFiles: string[];
}

/** A download saved by the desktop app (false when the save dialog was cancelled). */
export interface FileSaved {
  saved: boolean;
}

export interface RecordExport {
  bundle: PatientRecord;
  fhir: FhirBundle;
  /** The clinical letter (PDF, core/export/letter.ts), base64 so it crosses IPC and HTTP as JSON. */
  pdfBase64: string;
  /** Characters of the letter no bundled font can draw: they are missing from the PDF (the JSON has them). */
  missingGlyphs: string[];
}

/** A language as the kiosk uses it: its names, its on-screen keyboard and its svelte-i18n messages. */
export interface KioskLanguage extends LanguageInfo {
  keyboard: KeyboardLayout;
  messages: MessageTree;
}
