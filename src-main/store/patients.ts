import { nameKey } from '../core/text';
import { prepared, type Db } from './db';

export interface PatientRow {
  id: number;
  full_name: string;
  date_of_birth: string;
  phone: string | null;
}

/** The same name and date of birth is the same patient: their sessions build one history. */
export function findOrCreatePatient(
  db: Db,
  p: { fullName: string; dateOfBirth: string; phone?: string | undefined },
  nowIso: string,
): number {
  const key = nameKey(p.fullName);
  const existing = prepared(db, 'SELECT id FROM patients WHERE name_key = ? AND date_of_birth = ?').get(
    key,
    p.dateOfBirth,
  ) as { id: number } | undefined;
  if (existing) {
    if (p.phone) prepared(db, 'UPDATE patients SET phone = ? WHERE id = ?').run(p.phone, existing.id);
    return existing.id;
  }
  const info = prepared(
    db,
    'INSERT INTO patients (full_name, name_key, date_of_birth, phone, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(p.fullName, key, p.dateOfBirth, p.phone || null, nowIso);
  return Number(info.lastInsertRowid);
}

export function getPatient(db: Db, id: number): PatientRow | undefined {
  return prepared(db, 'SELECT id, full_name, date_of_birth, phone FROM patients WHERE id = ?').get(id) as
    PatientRow | undefined;
}
