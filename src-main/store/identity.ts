/**
 * Who a session belongs to, when the kiosk's name and date of birth matched a patient already on record. The match
 * is held as "to confirm" until a clinician says it is the same person, or a different one: then the session moves to
 * a new patient record of its own (same name and birth date, the phone typed at the kiosk). Both are audited, as is
 * any change to the patient's details made while confirming.
 */
import { appendAudit } from './audit';
import { prepared, type Db } from './db';
import { createPatient, getPatient, setPatientPhone } from './patients';
import { getSession } from './sessions';

export type IdentityDecision = 'same-person' | 'different-person';

export class IdentityError extends Error {
  constructor(
    readonly reason: 'not-found' | 'nothing-to-confirm' | 'has-records',
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

/**
 * Settles a session marked "to confirm". `usePhone`: with "same person", write the phone typed at the kiosk onto the
 * record (the clinician asked the patient). Runs in one transaction with its audit rows.
 */
export function resolveIdentity(
  db: Db,
  input: { sessionId: number; decision: IdentityDecision; usePhone: boolean; clinicianId: number },
  nowIso: string,
): IdentityOutcome {
  return db.transaction((): IdentityOutcome => {
    const s = getSession(db, input.sessionId);
    if (!s) throw new IdentityError('not-found', 'That intake does not exist.');
    if (s.identity_status !== 'to-confirm')
      throw new IdentityError('nothing-to-confirm', 'This intake has no identity to confirm.');
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
      const patient = getPatient(db, s.patient_id);
      const phoneUpdated = input.usePhone && !!s.kiosk_phone && patient?.phone !== s.kiosk_phone;
      if (phoneUpdated) {
        setPatientPhone(db, s.patient_id, s.kiosk_phone);
        // Which field changed and from which session, not the numbers themselves: the audit log holds no phone.
        appendAudit(
          db,
          {
            ...actor,
            action: 'patient.update',
            targetType: 'patient',
            targetId: s.patient_id,
            detail: { fields: ['phone'], fromSession: s.id, hadPhone: !!patient?.phone },
          },
          nowIso,
        );
      }
      return { sessionId: s.id, patientId: s.patient_id, identityStatus: 'confirmed', phoneUpdated };
    }

    for (const table of RECORDS_OF_SESSION) {
      const has = prepared(db, `SELECT 1 FROM ${table} WHERE session_id = ? LIMIT 1`).get(s.id);
      if (has)
        throw new IdentityError(
          'has-records',
          'This intake already has assessment notes or handouts for the matched patient; it cannot be moved.',
        );
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
