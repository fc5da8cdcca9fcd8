/**
 * What a hub needs of its database, as one asynchronous interface that both engines implement with the same
 * behaviour: SQLite (the embedded default, `sqlite-clinic-store.ts`, synchronous better-sqlite3 underneath) and
 * PostgreSQL for a clinic group whose hubs share one server (`postgres/clinic-store.ts`). Asynchronous because
 * PostgreSQL is a network round trip; the SQLite engine resolves at once.
 *
 * The api handlers still call the synchronous store functions; they move onto this interface in a later step (#18).
 */
import { z } from 'zod';
import type { AuditEntry } from './audit';
import type { AuditFilter, AuditRow } from './audit-read';
import type { ActiveClinician, ClinicianAdminRow, ClinicianRow, PinFailure } from './clinicians';
import type { DeviceRole, DeviceRow, HeldExpiredAcknowledged, HeldExpiredReport } from './devices';
import type { RecoveryCodeRow } from './admin-recovery';
import type { Settings } from '../core/settings';
import type {
  DeviceRevoked,
  FirstAdminWrite,
  PairingRedeem,
  PairingRedeemed,
  PinFailureCounted,
  PinFailureWrite,
  RecoveryWrite,
} from './clinic-store-staff';
import type { ChainReport } from './audit-chain';
import type { AssessmentRow } from './assessments';
import type { HandoutPdf, HandoutRow, HandoutWrite, NewHandout, TemplateRow } from './handouts';
import type { PatientExport } from './record-export';
import type { PurgeResult, RetentionSettings } from './retention';
import type { PatientCorrected, PatientCorrection, PatientRow } from './patients';
import type { HistoryRow, PatientHitRow } from './search';
import type { NewSession, QueueEntry, SessionRow } from './sessions';
import type { SubmissionRow } from './submissions';
import type { ClinicianRole } from '../core/clinic';
import type { MeasureResponse } from '../core/measures/scoring';
import type { CatalogueReason } from '../core/triage/stored-result';
import type { TriageResult } from '../core/triage/engine';
import type { MeasureResult } from './measures';
import type { IdentityInput, IdentityOutcome } from './identity';
import type { NamesakeRow } from './namesakes';
import type { SessionStatus } from '../core/clinic';

/** Picks a check-in code not yet used today, given a test for "taken" (the api's newCheckInCode). */
export type CheckInCodeChooser = (isTaken: (code: string) => boolean) => string;

/**
 * One kiosk submission: patient, session, measure responses, submission id and audit row are written together or not
 * at all. As `api/handlers/intake.ts`: a patient matched by name and birth date is used as it is (the session is
 * marked for a clinician to confirm), and the phone typed at the kiosk is kept with the session, never written over
 * the patient's record.
 */
export interface IntakeWrite extends Omit<
  NewSession,
  'patientId' | 'checkInCode' | 'kioskPhone' | 'identityStatus' | 'triageJson'
> {
  patient: { fullName: string; dateOfBirth: string; phone?: string | undefined };
  /** A code the station already gave the patient: it stands unless today already has it. */
  proposedCheckInCode?: string | undefined;
  /** The result encoded by reference to the version's catalogue (ensureReasonCatalogue, encodeTriage). */
  triageJson: string;
  submission?: { id: string; payloadSha256: string } | undefined;
  /** The outcome measures answered at this visit (core/measures/scoring.ts measureResponses). */
  measures: readonly MeasureResponse[];
  /** The audit row; its target is the new session, and the store adds `identityToConfirm` to its detail. */
  audit: Omit<AuditEntry, 'targetType' | 'targetId'>;
  /**
   * Staff events announcing the saved intake, published with it: on PostgreSQL inside its transaction, so every hub
   * hears an urgent alert if and only if the intake was committed; on SQLite just after the commit.
   */
  announce?: ((saved: IntakeSaved) => readonly StaffEventMessage[]) | undefined;
}

export interface IntakeSaved {
  sessionId: number;
  patientId: number;
  /** The kiosk's name and birth date matched an existing patient: the session waits for a clinician to confirm. */
  matched: boolean;
  checkInCode: string;
}

export interface SessionRecord {
  session: SessionRow;
  patient: PatientRow;
  /** The session's triage result in full, its reasons read from the version's catalogue (as sessionTriage). */
  triage: TriageResult;
}

export interface AssessmentWrite {
  sessionId: number;
  /** The newest version when amending, null for the first note. */
  previousId: number | null;
  authorId: number;
  createdAt: string;
  noteJson: string;
  reason: string | null;
}

/** An amendment of anything but the newest version, or a first note where one exists: never silently superseded. */
export class AssessmentConflictError extends Error {
  constructor(readonly problem: 'no-session' | 'no-earlier-version' | 'newer-version-exists') {
    super(
      {
        'no-session': 'That intake does not exist.',
        'no-earlier-version': 'There is no earlier version to amend.',
        'newer-version-exists': 'A newer version was saved meanwhile. Reload the notes, then amend the newest version.',
      }[problem],
    );
    this.name = 'AssessmentConflictError';
  }
}

/**
 * An event for staff windows, carried between hubs. Like the staff stream it never carries patient names: ids, codes
 * and urgencies only. Checked again on receipt, since another hub (possibly another Stride version) wrote it.
 */
export const staffEventMessageSchema = z
  .object({ type: z.string().min(1).max(64) })
  .catchall(z.union([z.string().max(200), z.number(), z.boolean(), z.null()]));
export type StaffEventMessage = z.infer<typeof staffEventMessageSchema>;

export interface StaffEventSubscription {
  /** Called after the link to the other hubs was lost and is back: events may have been missed, so reload. */
  onResync?: () => void;
}

export interface ClinicStore {
  readonly engine: 'sqlite' | 'postgres';
  schemaVersion(): Promise<number>;

  /**
   * Makes sure the content version's reason catalogue holds every reason given (appending, never reordering) and
   * returns each reason's index by its key, for encodeTriage (as store/reason-catalogues.ts).
   */
  ensureReasonCatalogue(
    contentVersion: string,
    reasons: readonly CatalogueReason[],
    nowIso: string,
  ): Promise<Map<string, number>>;
  // ── area A: intake, queue, sessions, identity, clinical notes, outcomes (handlers intake, clinical, outcomes) ──
  /**
   * Stores a content version's questionnaire once (migration 007); true when the stored copy is this one, so sessions
   * of the version need no copy of their own (as store/sessions.ts ensureQuestionnaireVersion).
   */
  ensureQuestionnaireVersion(contentVersion: string, questionnaireJson: string, nowIso: string): Promise<boolean>;
  getPatient(patientId: number): Promise<PatientRow | undefined>;
  /**
   * A clinician's correction of a record's name, birth date or phone, with its audit row when anything changed, in
   * one transaction; undefined when there is no such patient.
   */
  correctPatient(c: PatientCorrection, atIso: string): Promise<PatientCorrected | undefined>;
  /** The session's patient, or null when there is no such session. */
  sessionPatientId(sessionId: number): Promise<number | null>;
  /**
   * A clinician opens a session: a waiting one becomes in-review, and the read is audited, in one transaction. The
   * record is as it was read (`statusChanged`: it was waiting); undefined when there is no such session.
   */
  openSession(
    sessionId: number,
    actorId: number,
    atIso: string,
  ): Promise<(SessionRecord & { statusChanged: boolean }) | undefined>;
  /** Sets the status with its audit row; the status it had, or undefined when there is no such session. */
  setSessionStatus(
    sessionId: number,
    status: SessionStatus,
    actorId: number,
    atIso: string,
  ): Promise<SessionStatus | undefined>;
  /** Audited whether first or not; true for the first acknowledgement, null when there is no such session. */
  acknowledgeAlert(sessionId: number, actorId: number, atIso: string): Promise<boolean | null>;
  /** As store/identity.ts resolveIdentity, with its audit rows in one transaction; throws IdentityError. */
  resolveIdentity(input: IdentityInput, nowIso: string): Promise<IdentityOutcome>;
  /** The other records with this patient's name and date of birth, oldest first (as store/patients.ts namesakesOf). */
  namesakes(patientId: number): Promise<NamesakeRow[]>;
  /** Every measure result of a patient, oldest visit first (as store/measures.ts measureHistory). */
  measureHistory(patientId: number): Promise<MeasureResult[]>;
  /** The patient's sessions still attached by an unconfirmed name and birth-date match. */
  unconfirmedSessionIds(patientId: number): Promise<number[]>;
  submitIntake(w: IntakeWrite): Promise<IntakeSaved>;
  findSubmission(submissionId: string): Promise<SubmissionRow | undefined>;
  listQueue(localDate: string): Promise<QueueEntry[]>;
  sessionRecord(sessionId: number): Promise<SessionRecord | undefined>;
  sessionMeasures(sessionId: number): Promise<MeasureResult[]>;
  patientHistory(patientId: number): Promise<HistoryRow[]>;
  /** `name` may be part of a name, a phone number or a check-in code (as store/search.ts). */
  searchPatients(
    q: { name?: string | undefined; dateOfBirth?: string | undefined },
    limit?: number,
  ): Promise<PatientHitRow[]>;

  // ── area B: staff, clinicians, PIN lockouts, settings, devices and pairing, audit reading (staff, admin, devices) ──
  countClinicians(): Promise<number>;
  /** Who can unlock (the names on the staff screen), by name. */
  listActiveClinicians(): Promise<ActiveClinician[]>;
  /** Everyone, disabled included, with the worst lockout of their places (the administrators' staff list). */
  listAllClinicians(): Promise<ClinicianAdminRow[]>;
  getClinician(id: number): Promise<ClinicianRow | undefined>;
  /**
   * The first administrator, the clinic's phone and the recovery code's hash, with the audit row, or null when someone
   * set Stride up first (two first runs at once make one administrator).
   */
  setUpFirstAdmin(s: FirstAdminWrite): Promise<{ id: number; settings: Settings | null } | null>;
  /** Disables or enables, audited; refuses to leave the clinic without an active administrator. */
  setClinicianDisabled(w: {
    clinicianId: number;
    disabled: boolean;
    actorId: number;
    atIso: string;
  }): Promise<'done' | 'not-found' | 'last-admin'>;
  /** A new PIN clears every lockout of the clinician; audited as `clinician.resetPin` by the actor. */
  resetClinicianPin(w: {
    clinicianId: number;
    pinHash: string;
    pinSalt: string;
    actorId: number;
    atIso: string;
  }): Promise<void>;
  getRecoveryCode(): Promise<RecoveryCodeRow | undefined>;
  /**
   * An administrator's new PIN set with the recovery code, which is replaced by the next one (audited), or false when
   * the code checked is no longer the stored one (used meanwhile, perhaps at another hub): a code works once.
   */
  recoverAdmin(w: RecoveryWrite): Promise<boolean>;

  getPinFailure(scope: string, clinicianId: number): Promise<PinFailure>;
  /**
   * Counts one wrong secret for the clinician at this place and, when typed on a paired device, for the device, with
   * the audit row: counted exactly, also when two hubs count at once.
   */
  recordPinFailure(w: PinFailureWrite): Promise<PinFailureCounted>;
  /** A right secret: the clinician's count at this place and the device's start again. */
  clearPinFailures(scope: string, clinicianId: number, deviceId?: number): Promise<void>;

  readSettings(): Promise<Settings>;
  /**
   * Merges the patch into the clinic's settings (validated), with the audit row built from before and after, in one
   * transaction; every hub of the group hears a `settings.changed` staff event once it is committed.
   */
  writeSettings(
    patch: Partial<Settings>,
    audit?: { atIso: string; entry(before: Settings, after: Settings): AuditEntry },
  ): Promise<{ before: Settings; after: Settings }>;

  readAudit(filter: AuditFilter): Promise<AuditRow[]>;

  listDevices(): Promise<DeviceRow[]>;
  getDevice(id: number): Promise<DeviceRow | undefined>;
  /** The device holding this credential hash, revoked or not. */
  findDeviceByCredentialHash(credentialHash: string): Promise<DeviceRow | undefined>;
  touchDevice(id: number, atIso: string, address: string | null): Promise<void>;
  /** A one-time pairing code (its hash) with its audit row, whose target the store sets to the code; returns its id. */
  addPairingCode(
    c: { codeHash: string; role: DeviceRole; name: string; createdBy: number; expiresAt: string },
    atIso: string,
    audit: Omit<AuditEntry, 'targetType' | 'targetId'>,
  ): Promise<number>;
  /**
   * Trades a pairing code for a device (audited either way): once only, also when two hubs redeem it at the same
   * moment. `codeHash` null: what was typed cannot be a code.
   */
  redeemPairingCode(w: PairingRedeem): Promise<PairingRedeemed>;
  /** Revokes (audited) and returns the row as it is now. */
  revokeDevice(id: number, by: number, atIso: string): Promise<DeviceRevoked>;
  /**
   * A kiosk's report of intakes it deleted unsent: added to its device's count (for the Devices screen) and audited,
   * in one transaction.
   */
  recordHeldExpired(report: HeldExpiredReport, atIso: string): Promise<void>;
  /** An administrator has seen the `seenCount` intakes a kiosk deleted unsent: cleared and audited, in one go. */
  acknowledgeHeldExpired(
    deviceId: number,
    seenCount: number,
    by: number,
    atIso: string,
  ): Promise<HeldExpiredAcknowledged>;

  /** A new clinician; with `audit` (an administrator adding them), its row targets the new clinician. */
  addClinician(
    c: { name: string; role: ClinicianRole; pinHash: string; pinSalt: string },
    atIso: string,
    audit?: Omit<AuditEntry, 'targetType' | 'targetId'>,
  ): Promise<number>;
  /** Appends a version (with its audit row); throws AssessmentConflictError unless it amends the newest. */
  saveAssessment(a: AssessmentWrite): Promise<{ id: number; version: number }>;
  listAssessments(sessionId: number): Promise<AssessmentRow[]>;
  // ── area C: handouts, handout files, records export, retention (handlers handouts, records) ──
  recordHandout(h: NewHandout): Promise<number>;
  listHandouts(sessionId: number): Promise<HandoutRow[]>;
  getHandout(handoutId: number): Promise<HandoutRow | undefined>;
  /**
   * Keeps the PDF where the engine keeps them (SQLite: a file in the handouts folder; PostgreSQL: the shared database,
   * so every hub of the group serves it) with its record and audit row, all or nothing; returns the record.
   */
  saveHandout(w: HandoutWrite): Promise<HandoutRow>;
  /** The handout and its PDF, refused (`file.ok` false) when the PDF is missing or no longer has the recorded hash. */
  handoutPdf(handoutId: number): Promise<HandoutPdf | undefined>;
  /** The condition ids of the session's newest assessment, null without one. */
  latestImpression(sessionId: number): Promise<string[] | null>;
  listTemplates(): Promise<TemplateRow[]>;
  getTemplate(templateId: number): Promise<TemplateRow | undefined>;
  /** Saves under a name (the same name in any case replaces that template) with its audit row. */
  saveTemplate(t: { name: string; planJson: string; authorId: number; at: string }): Promise<TemplateRow>;
  patientExport(patientId: number): Promise<PatientExport | undefined>;
  readRetention(): Promise<RetentionSettings>;
  /** Changes the retention period with its audit row (`records.retention`, the new settings as detail). */
  saveRetention(patch: Partial<RetentionSettings>, actorId: number | null, atIso: string): Promise<RetentionSettings>;
  /** Purges what is older than the retention period, with one audit row (store/retention.ts), in one transaction. */
  purgeExpired(now: Date, actorId: number | null): Promise<PurgeResult>;

  appendAudit(entry: AuditEntry, atIso: string): Promise<void>;
  verifyAudit(): Promise<ChainReport>;

  /** Reaches the subscribers of every store on the same database (every hub of the group), this one included. */
  publishStaffEvent(event: StaffEventMessage): Promise<void>;
  subscribeStaffEvents(
    listener: (event: StaffEventMessage) => void,
    options?: StaffEventSubscription,
  ): Promise<() => Promise<void>>;

  close(): Promise<void>;
}
