/** Intake sessions: the answers as validated JSON plus the few columns the queue sorts and filters on. */
import { prepared, type Db } from './db';
import type { Urgency } from '../core/vocabulary';
import type { SessionStatus } from '../core/clinic';
import { urgencyOrder } from '../core/vocabulary';
import type { VisitKind } from '../core/measures/visit-plan';

/** Whether a clinician has still to confirm who a session belongs to (migration 011); null: a new patient. */
export type IdentityStatus = 'to-confirm' | 'confirmed' | 'new-patient' | null;

export interface NewSession {
  patientId: number;
  /** When the patient finished at the kiosk, and that day: the visit's time and date. */
  submittedAt: string;
  localDate: string;
  /**
   * When an intake that waited on the kiosk reached the hub, and that day (migration 016); null when it arrived at
   * once, as almost every intake does.
   */
  receivedAt: string | null;
  receivedOn: string | null;
  urgency: Urgency;
  redFlagIds: string[];
  painNow: number | null;
  topSuggestion: string | null;
  checkInCode: string;
  locale: string;
  answersJson: string;
  triageJson: string;
  questionnaireJson: string | null;
  contentVersion: string;
  engineVersion: string;
  /** A first visit or a patient who said "I've been here before" (migration 011). */
  visitKind: VisitKind;
  /** The phone typed at the kiosk: kept with the session, never written over the patient's record. */
  kioskPhone: string | null;
  /** 'to-confirm' when the kiosk's name and birth date matched an existing patient; null for a new patient. */
  identityStatus: 'to-confirm' | null;
}

export function insertSession(db: Db, s: NewSession): number {
  const info = prepared(
    db,
    `INSERT INTO intake_sessions (patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids, pain_now,
         top_suggestion, check_in_code, locale, answers_json, triage_json, questionnaire_json,
         content_version, engine_version, visit_kind, kiosk_phone, identity_status, received_at, received_on)
       VALUES (@patientId, @submittedAt, @localDate, @urgency, @urgencyRank, @redFlagIds, @painNow, @topSuggestion,
         @checkInCode, @locale, @answersJson, @triageJson, @questionnaireJson, @contentVersion, @engineVersion,
         @visitKind, @kioskPhone, @identityStatus, @receivedAt, @receivedOn)`,
  ).run({ ...s, urgencyRank: urgencyOrder(s.urgency), redFlagIds: JSON.stringify(s.redFlagIds) });
  return Number(info.lastInsertRowid);
}

/**
 * The days whose queue a new session stands in (listQueue): the day it was answered and, for an intake that waited on
 * a kiosk, the day it arrived. Its check-in code must be free in each, or an alert's code could name two patients.
 * Sorted, so writers that lock the days lock them in the same order.
 */
export function queueDays(s: Pick<NewSession, 'localDate' | 'receivedOn'>): string[] {
  return s.receivedOn && s.receivedOn !== s.localDate ? [s.localDate, s.receivedOn].sort() : [s.localDate];
}

/** Whether a code is in use in the queue of `day`: a session answered that day, or a late one that arrived that day. */
export function checkInCodeTaken(db: Db, day: string, code: string): boolean {
  return !!prepared(
    db,
    'SELECT 1 FROM intake_sessions WHERE check_in_code = @code AND (local_date = @day OR received_on = @day)',
  ).get({ code, day });
}

interface QueueRow {
  id: number;
  patient_id: number;
  full_name: string;
  date_of_birth: string;
  submitted_at: string;
  status: SessionStatus;
  urgency: Urgency;
  red_flag_ids: string;
  pain_now: number | null;
  check_in_code: string;
  top_suggestion: string | null;
  alert_acknowledged_at: string | null;
  visit_kind: VisitKind;
  identity_status: IdentityStatus;
  received_at: string | null;
}

/** One arrival in a day's queue. */
export interface QueueEntry {
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
  /** False only for an urgent arrival nobody has acknowledged yet. */
  alertAcknowledged: boolean;
  visitKind: VisitKind;
  /** 'to-confirm': matched a patient by name and birth date; a clinician must confirm it is the same person. */
  identityStatus: IdentityStatus;
  /** Set when the intake waited on the kiosk: when it reached the hub (`submittedAt` is when the patient finished). */
  receivedAt: string | null;
}

/**
 * Today's queue: most urgent first (urgency_rank is the vocabulary's order, 0 most urgent), then by arrival. The day's
 * rows are found through sessions_by_day and sorted as they are read (a few hundred at most, migration 014). An
 * intake that waited on a kiosk stands in the queue of the day it was answered and of the day it reached the hub
 * (sessions_received_on, migration 016): a late one is seen on the day it arrives.
 */
export function listQueue(db: Db, localDate: string): QueueEntry[] {
  const rows = prepared(
    db,
    `SELECT s.id, s.patient_id, p.full_name, p.date_of_birth, s.submitted_at, s.status, s.urgency, s.red_flag_ids,
              s.pain_now, s.check_in_code, s.top_suggestion, s.alert_acknowledged_at, s.visit_kind, s.identity_status,
              s.received_at
         FROM intake_sessions s JOIN patients p ON p.id = s.patient_id
        WHERE s.local_date = @day OR s.received_on = @day
        ORDER BY s.urgency_rank, s.submitted_at, s.id`,
  ).all({ day: localDate }) as QueueRow[];
  return rows.map((r) => ({
    sessionId: r.id,
    patientId: r.patient_id,
    patientName: r.full_name,
    dateOfBirth: r.date_of_birth,
    submittedAt: r.submitted_at,
    status: r.status,
    urgency: r.urgency,
    redFlagIds: JSON.parse(r.red_flag_ids) as string[],
    painNow: r.pain_now,
    checkInCode: r.check_in_code,
    topSuggestionId: r.top_suggestion,
    alertAcknowledged: r.urgency === 'routine' || r.alert_acknowledged_at !== null,
    visitKind: r.visit_kind,
    identityStatus: r.identity_status,
    receivedAt: r.received_at,
  }));
}

export interface SessionRow {
  id: number;
  patient_id: number;
  submitted_at: string;
  status: SessionStatus;
  locale: string;
  check_in_code: string;
  answers_json: string;
  /** Read it with sessionTriage (reason-catalogues.ts): most rows name their reasons by index. */
  triage_json: string;
  questionnaire_json: string | null;
  visit_kind: VisitKind;
  kiosk_phone: string | null;
  identity_status: IdentityStatus;
  identity_resolved_at: string | null;
  identity_resolved_by: number | null;
  content_version: string;
  engine_version: string;
  /** Set when the intake waited on the kiosk (migration 016). */
  received_at: string | null;
}

/**
 * The questionnaire a session was answered against: its own copy when it has one, else its content version's
 * (migration 007). Use with `FROM intake_sessions s` and QUESTIONNAIRE_VERSION_JOIN.
 */
export const SESSION_QUESTIONNAIRE = 'coalesce(s.questionnaire_json, qv.questionnaire_json) AS questionnaire_json';
export const QUESTIONNAIRE_VERSION_JOIN =
  'LEFT JOIN questionnaire_versions qv ON qv.content_version = s.content_version';

/**
 * Stores a content version's questionnaire once. True when the stored copy is this one, so sessions of the version
 * need no copy of their own; false in the impossible case that the version already holds a different questionnaire.
 */
export function ensureQuestionnaireVersion(db: Db, contentVersion: string, json: string, nowIso: string): boolean {
  prepared(
    db,
    `INSERT INTO questionnaire_versions (content_version, questionnaire_json, first_used_at) VALUES (?, ?, ?)
     ON CONFLICT (content_version) DO NOTHING`,
  ).run(contentVersion, json, nowIso);
  const stored = prepared(db, 'SELECT questionnaire_json FROM questionnaire_versions WHERE content_version = ?').get(
    contentVersion,
  ) as { questionnaire_json: string };
  return stored.questionnaire_json === json;
}

export function getSession(db: Db, id: number): SessionRow | undefined {
  return prepared(
    db,
    `SELECT s.id, s.patient_id, s.submitted_at, s.status, s.locale, s.check_in_code, s.answers_json, s.triage_json,
              s.visit_kind, s.kiosk_phone, s.identity_status, s.identity_resolved_at, s.identity_resolved_by,
              s.content_version, s.engine_version, s.received_at, ${SESSION_QUESTIONNAIRE}
         FROM intake_sessions s ${QUESTIONNAIRE_VERSION_JOIN} WHERE s.id = ?`,
  ).get(id) as SessionRow | undefined;
}

export function setSessionStatus(db: Db, id: number, status: SessionStatus): void {
  prepared(db, 'UPDATE intake_sessions SET status = ? WHERE id = ?').run(status, id);
}

export function sessionPatientId(db: Db, id: number): number | null {
  const row = prepared(db, 'SELECT patient_id FROM intake_sessions WHERE id = ?').get(id) as
    { patient_id: number } | undefined;
  return row?.patient_id ?? null;
}

/** Records the first acknowledgement of an urgent arrival; later ones are audited but do not move it. */
export function acknowledgeAlert(db: Db, id: number, clinicianId: number, atIso: string): boolean {
  const info = prepared(
    db,
    'UPDATE intake_sessions SET alert_acknowledged_at = ?, alert_acknowledged_by = ? WHERE id = ? AND ' +
      'alert_acknowledged_at IS NULL',
  ).run(atIso, clinicianId, id);
  return info.changes > 0;
}

/** Sessions attached to this patient by a name and birth-date match that no clinician has confirmed yet. */
export function unconfirmedSessionIds(db: Db, patientId: number): number[] {
  const rows = prepared(
    db,
    "SELECT id FROM intake_sessions WHERE patient_id = ? AND identity_status = 'to-confirm'",
  ).all(patientId) as { id: number }[];
  return rows.map((r) => r.id);
}
