/**
 * Who a session belongs to, when the kiosk's name and date of birth matched a patient already on record. The match
 * is held as "to confirm" until a clinician says it is the same person; another record with the same name and birth
 * date (a namesake told apart before), and the session moves to it; or a different person: then the session moves to
 * a new patient record of its own (same name and birth date, the phone typed at the kiosk). Each is audited, as is
 * any change to the patient's details made while confirming.
 */
import { isUnmatchedReturn, type IdentityDecision } from '../core/clinic';
import { appendAudit } from './audit';
import type { AuditEntry } from './audit-chain';
import { prepared, type Db } from './db';
import { createPatient, getPatient, namesakesOf, setPatientPhone } from './patients';
import { getSession, type SessionRow } from './sessions';

export type { IdentityDecision } from '../core/clinic';

export interface IdentityInput {
  sessionId: number;
  decision: IdentityDecision;
  /** With 'other-record': the namesake's record the session moves to; with 'returning-record', the patient's own. */
  patientId?: number | undefined;
  usePhone: boolean;
  clinicianId: number;
}

export class IdentityError extends Error {
  constructor(
    readonly reason: 'not-found' | 'nothing-to-confirm' | 'has-records' | 'not-a-namesake' | 'not-born-that-day',
    message: string,
  ) {
    super(message);
  }
}

export interface IdentityOutcome {
  sessionId: number;
  /** The patient the session belongs to now. */
  patientId: number;
  identityStatus: 'confirmed' | 'new-patient';
  /** True when the kiosk's phone was written onto the patient's record. */
  phoneUpdated: boolean;
}

/** Tables whose rows carry both the session and the patient: a session that has any cannot move to another patient. */
const RECORDS_OF_SESSION = ['assessments', 'handouts'] as const;

export const HAS_RECORDS_MESSAGE =
  'This intake already has assessment notes or handouts for the matched patient; it cannot be moved.';
export const NOT_A_NAMESAKE_MESSAGE = 'That record does not have the name and date of birth this intake matched.';
export const NOT_BORN_THAT_DAY_MESSAGE = 'That is not another patient born on the day this intake gave.';
export const NOT_UNMATCHED_MESSAGE = 'This intake is not a returning patient the kiosk found no record for.';

/**
 * Which checks a decision needs, from the session as stored: 'returning-record' only for a returning patient the
 * kiosk found no record for, the others only for a match still to confirm. Both engines ask this first.
 */
export function refuseUnlessDecidable(
  s: Pick<SessionRow, 'visit_kind' | 'identity_status'>,
  decision: IdentityDecision,
): void {
  if (decision === 'returning-record') {
    if (!isUnmatchedReturn(s.visit_kind, s.identity_status))
      throw new IdentityError('nothing-to-confirm', NOT_UNMATCHED_MESSAGE);
  } else if (s.identity_status !== 'to-confirm') {
    throw new IdentityError('nothing-to-confirm', 'This intake has no identity to confirm.');
  }
}

/** The audit row for a returning patient's visit moved to the record they were already under (both engines). */
export function movedToReturningRecord(
  sessionId: number,
  fromPatientId: number,
  toPatientId: number,
  clinicianId: number,
) {
  return {
    actorType: 'clinician',
    actorId: clinicianId,
    action: 'identity.returningRecord',
    targetType: 'session',
    targetId: sessionId,
    detail: { fromPatientId, toPatientId },
  } satisfies AuditEntry;
}

function refuseIfItHasRecords(db: Db, sessionId: number): void {
  for (const table of RECORDS_OF_SESSION) {
    const has = prepared(db, `SELECT 1 FROM ${table} WHERE session_id = ? LIMIT 1`).get(sessionId);
    if (has) throw new IdentityError('has-records', HAS_RECORDS_MESSAGE);
  }
}

/** With "use the new phone": the phone typed at the kiosk onto the record the session belongs to, audited. */
function takeKioskPhone(db: Db, s: SessionRow, patientId: number, clinicianId: number, nowIso: string): boolean {
  const patient = getPatient(db, patientId);
  if (!s.kiosk_phone || patient?.phone === s.kiosk_phone) return false;
  setPatientPhone(db, patientId, s.kiosk_phone);
  appendAudit(db, kioskPhoneTaken(s.id, patientId, clinicianId, !!patient?.phone), nowIso);
  return true;
}

/** Moves a session to a record that is already the patient's, confirmed, with its audit row (and the kiosk phone). */
function moveSession(
  db: Db,
  s: SessionRow,
  patientId: number,
  audit: AuditEntry,
  input: IdentityInput,
  nowIso: string,
): IdentityOutcome {
  prepared(
    db,
    `UPDATE intake_sessions SET patient_id = ?, identity_status = 'confirmed', identity_resolved_at = ?,
        identity_resolved_by = ? WHERE id = ?`,
  ).run(patientId, nowIso, input.clinicianId, s.id);
  appendAudit(db, audit, nowIso);
  const phoneUpdated = input.usePhone && takeKioskPhone(db, s, patientId, input.clinicianId, nowIso);
  return { sessionId: s.id, patientId, identityStatus: 'confirmed', phoneUpdated };
}

/** The audit row for a visit moved to a namesake's record (both engines write it). */
export function movedToNamesake(sessionId: number, fromPatientId: number, toPatientId: number, clinicianId: number) {
  return {
    actorType: 'clinician',
    actorId: clinicianId,
    action: 'identity.otherRecord',
    targetType: 'session',
    targetId: sessionId,
    detail: { fromPatientId, toPatientId },
  } satisfies AuditEntry;
}

/** The audit row for a kiosk phone taken onto a record (both engines write it). */
export function kioskPhoneTaken(sessionId: number, patientId: number, clinicianId: number, hadPhone: boolean) {
  // Which field changed and from which session, not the numbers themselves: the audit log holds no phone.
  return {
    actorType: 'clinician',
    actorId: clinicianId,
    action: 'patient.update',
    targetType: 'patient',
    targetId: patientId,
    detail: { fields: ['phone'], fromSession: sessionId, hadPhone },
  } satisfies AuditEntry;
}

/**
 * Settles a session marked "to confirm". `usePhone`: with "same person" or "other record", write the phone typed at
 * the kiosk onto the record (the clinician asked the patient). Runs in one transaction with its audit rows.
 */
export function resolveIdentity(db: Db, input: IdentityInput, nowIso: string): IdentityOutcome {
  return db.transaction((): IdentityOutcome => {
    const s = getSession(db, input.sessionId);
    if (!s) throw new IdentityError('not-found', 'That intake does not exist.');
    refuseUnlessDecidable(s, input.decision);
    const actor = { actorType: 'clinician' as const, actorId: input.clinicianId };
    if (input.decision === 'same-person') {
      prepared(
        db,
        `UPDATE intake_sessions SET identity_status = 'confirmed', identity_resolved_at = ?, identity_resolved_by = ?
          WHERE id = ?`,
      ).run(nowIso, input.clinicianId, s.id);
      appendAudit(
        db,
        {
          ...actor,
          action: 'identity.confirm',
          targetType: 'session',
          targetId: s.id,
          detail: { patientId: s.patient_id },
        },
        nowIso,
      );
      const phoneUpdated = input.usePhone && takeKioskPhone(db, s, s.patient_id, input.clinicianId, nowIso);
      return { sessionId: s.id, patientId: s.patient_id, identityStatus: 'confirmed', phoneUpdated };
    }

    refuseIfItHasRecords(db, s.id);
    if (input.decision === 'returning-record') {
      const own = getPatient(db, s.patient_id);
      const target = input.patientId === undefined ? undefined : getPatient(db, input.patientId);
      if (!own || !target || target.id === own.id || target.date_of_birth !== own.date_of_birth)
        throw new IdentityError('not-born-that-day', NOT_BORN_THAT_DAY_MESSAGE);
      const row = movedToReturningRecord(s.id, own.id, target.id, input.clinicianId);
      return moveSession(db, s, target.id, row, input, nowIso);
    }
    if (input.decision === 'other-record') {
      const target = namesakesOf(db, s.patient_id).find((n) => n.id === input.patientId);
      if (!target) throw new IdentityError('not-a-namesake', NOT_A_NAMESAKE_MESSAGE);
      const row = movedToNamesake(s.id, s.patient_id, target.id, input.clinicianId);
      return moveSession(db, s, target.id, row, input, nowIso);
    }
    const matched = getPatient(db, s.patient_id);
    if (!matched) throw new IdentityError('not-found', 'That patient does not exist.');
    const patientId = createPatient(
      db,
      { fullName: matched.full_name, dateOfBirth: matched.date_of_birth, phone: s.kiosk_phone ?? undefined },
      nowIso,
    );
    prepared(
      db,
      `UPDATE intake_sessions SET patient_id = ?, identity_status = 'new-patient', identity_resolved_at = ?,
          identity_resolved_by = ? WHERE id = ?`,
    ).run(patientId, nowIso, input.clinicianId, s.id);
    appendAudit(
      db,
      {
        ...actor,
        action: 'identity.differentPerson',
        targetType: 'session',
        targetId: s.id,
        detail: { fromPatientId: s.patient_id, toPatientId: patientId },
      },
      nowIso,
    );
    appendAudit(
      db,
      { ...actor, action: 'patient.create', targetType: 'patient', targetId: patientId, detail: { fromSession: s.id } },
      nowIso,
    );
    return { sessionId: s.id, patientId, identityStatus: 'new-patient', phoneUpdated: false };
  })();
}
