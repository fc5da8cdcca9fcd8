import type { PatientField } from '../core/clinic';
import { nameKey } from '../core/text';
import type { AuditEntry } from './audit-chain';
import { prepared, type Db } from './db';
import { likeliestNamesake, MAX_NAMESAKES, type NamesakeRow } from './namesakes';

export interface PatientRow {
  id: number;
  full_name: string;
  date_of_birth: string;
  phone: string | null;
}

export interface PatientDetails {
  fullName: string;
  dateOfBirth: string;
  phone?: string | undefined;
}

/**
 * The patient a kiosk's details match (`likeliestNamesake`), or null. A match is only a guess: two people can share a
 * name and birth date, so a session attached by a match is marked for a clinician to confirm (store/identity.ts),
 * and nothing typed at the kiosk changes the matched record.
 */
export function matchPatient(db: Db, p: PatientDetails): number | null {
  return matchByKey(db, nameKey(p.fullName), p.dateOfBirth, p.phone);
}

function matchByKey(db: Db, key: string, dateOfBirth: string, phone: string | undefined): number | null {
  const records = prepared(
    db,
    'SELECT id, phone FROM patients WHERE name_key = ? AND date_of_birth = ? ORDER BY id',
  ).all(key, dateOfBirth) as { id: number; phone: string | null }[];
  return likeliestNamesake(records, phone);
}

export function createPatient(db: Db, p: PatientDetails, nowIso: string): number {
  return createWithKey(db, p, nameKey(p.fullName), nowIso);
}

function createWithKey(db: Db, p: PatientDetails, key: string, nowIso: string): number {
  const info = prepared(
    db,
    'INSERT INTO patients (full_name, name_key, date_of_birth, phone, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(p.fullName, key, p.dateOfBirth, p.phone || null, nowIso);
  return Number(info.lastInsertRowid);
}

/**
 * The patient a kiosk submission belongs to: the matching record, never changed (`matched: true`, to confirm), or a
 * new record with the kiosk's details.
 */
export function findOrCreatePatient(
  db: Db,
  p: PatientDetails,
  nowIso: string,
): { patientId: number; matched: boolean } {
  // The name is folded once for both the lookup and the new record.
  const key = nameKey(p.fullName);
  const existing = matchByKey(db, key, p.dateOfBirth, p.phone);
  if (existing !== null) return { patientId: existing, matched: true };
  return { patientId: createWithKey(db, p, key, nowIso), matched: false };
}

export function getPatient(db: Db, id: number): PatientRow | undefined {
  return prepared(db, 'SELECT id, full_name, date_of_birth, phone FROM patients WHERE id = ?').get(id) as
    PatientRow | undefined;
}

/** Sets the patient's phone (a clinician's decision, audited by the caller). */
export function setPatientPhone(db: Db, id: number, phone: string | null): void {
  prepared(db, 'UPDATE patients SET phone = ? WHERE id = ?').run(phone, id);
}

/** A clinician's correction of a record's details: all three, as the form shows them (phone null: none). */
export interface PatientCorrection {
  patientId: number;
  fullName: string;
  dateOfBirth: string;
  phone: string | null;
  clinicianId: number;
}

export interface PatientCorrected {
  patient: PatientRow;
  /** The details it changed; none when it changed nothing. */
  changed: PatientField[];
}

export function changedFields(before: PatientRow, after: PatientCorrection): PatientField[] {
  return [
    ...(before.full_name === after.fullName ? [] : (['name'] as const)),
    ...(before.date_of_birth === after.dateOfBirth ? [] : (['dateOfBirth'] as const)),
    ...((before.phone ?? null) === after.phone ? [] : (['phone'] as const)),
  ];
}

/** The audit row of a correction: which fields changed, never their values (the audit log holds no personal data). */
export function patientCorrectedAudit(c: PatientCorrection, fields: PatientField[]) {
  return {
    actorType: 'clinician',
    actorId: c.clinicianId,
    action: 'patient.update',
    targetType: 'patient',
    targetId: c.patientId,
    detail: { fields },
  } satisfies AuditEntry;
}

/** Writes a correction; the name's search key (and through triggers its search rows) follows the name. */
export function correctPatient(db: Db, c: PatientCorrection): void {
  prepared(db, 'UPDATE patients SET full_name = ?, name_key = ?, date_of_birth = ?, phone = ? WHERE id = ?').run(
    c.fullName,
    nameKey(c.fullName),
    c.dateOfBirth,
    c.phone,
    c.patientId,
  );
}

/** The other records with this patient's name and date of birth, oldest first (the identity check offers them). */
export function namesakesOf(db: Db, patientId: number): NamesakeRow[] {
  return prepared(
    db,
    `SELECT p.id, p.phone,
       (SELECT count(*) FROM intake_sessions s WHERE s.patient_id = p.id) AS sessions,
       (SELECT max(s.submitted_at) FROM intake_sessions s WHERE s.patient_id = p.id) AS last_visit
     FROM patients m JOIN patients p ON p.name_key = m.name_key AND p.date_of_birth = m.date_of_birth AND p.id <> m.id
     WHERE m.id = ? ORDER BY p.id LIMIT ?`,
  ).all(patientId, MAX_NAMESAKES) as NamesakeRow[];
}
