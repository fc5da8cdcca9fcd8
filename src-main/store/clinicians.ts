import type { Db } from './db';
import type { ClinicianSummary } from '../api/types';
import type { ClinicianRole } from '../api/contract';

export interface ClinicianRow {
  id: number;
  name: string;
  role: ClinicianRole;
  pin_hash: string;
  pin_salt: string;
  failed_attempts: number;
  locked_until: string | null;
  disabled: number;
}

export function countClinicians(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM clinicians').get() as { n: number }).n;
}

export function listActiveClinicians(db: Db): ClinicianSummary[] {
  return db.prepare('SELECT id, name, role FROM clinicians WHERE disabled = 0 ORDER BY name').all() as ClinicianSummary[];
}

export function getClinician(db: Db, id: number): ClinicianRow | undefined {
  return db.prepare('SELECT * FROM clinicians WHERE id = ?').get(id) as ClinicianRow | undefined;
}

export function insertClinician(
  db: Db,
  c: { name: string; role: ClinicianRole; pinHash: string; pinSalt: string },
  nowIso: string,
): number {
  const info = db
    .prepare('INSERT INTO clinicians (name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(c.name, c.role, c.pinHash, c.pinSalt, nowIso);
  return Number(info.lastInsertRowid);
}

export function recordPinFailure(db: Db, id: number, failedAttempts: number, lockedUntil: string | null): void {
  db.prepare('UPDATE clinicians SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(failedAttempts, lockedUntil, id);
}

export function clearPinFailures(db: Db, id: number): void {
  db.prepare('UPDATE clinicians SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(id);
}
