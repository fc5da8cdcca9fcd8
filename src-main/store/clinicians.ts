import type { Db } from './db';
import type { ClinicianRole } from '../core/clinic';

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

/** Who can unlock: the names on the staff screen. */
export type ActiveClinician = Pick<ClinicianRow, 'id' | 'name' | 'role'>;

export function listActiveClinicians(db: Db): ActiveClinician[] {
  return db
    .prepare('SELECT id, name, role FROM clinicians WHERE disabled = 0 ORDER BY name')
    .all() as ActiveClinician[];
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
  db.prepare('UPDATE clinicians SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(
    failedAttempts,
    lockedUntil,
    id,
  );
}

export function clearPinFailures(db: Db, id: number): void {
  db.prepare('UPDATE clinicians SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(id);
}

export interface ClinicianAdminRow {
  id: number;
  name: string;
  role: ClinicianRole;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
}

/** Everyone, disabled included: administrators see the whole staff list. */
export function listAllClinicians(db: Db): ClinicianAdminRow[] {
  return db
    .prepare(
      'SELECT id, name, role, disabled, failed_attempts, locked_until, created_at FROM clinicians ORDER BY disabled, ' +
        'name',
    )
    .all() as ClinicianAdminRow[];
}

export function setClinicianDisabled(db: Db, id: number, disabled: boolean): void {
  db.prepare('UPDATE clinicians SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
}

/** A new PIN also clears any lockout: the administrator has checked who they are talking to. */
export function setClinicianPin(db: Db, id: number, pinHash: string, pinSalt: string): void {
  db.prepare(
    'UPDATE clinicians SET pin_hash = ?, pin_salt = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?',
  ).run(pinHash, pinSalt, id);
}

export function countActiveAdmins(db: Db): number {
  return (
    db.prepare("SELECT count(*) AS n FROM clinicians WHERE role = 'admin' AND disabled = 0").get() as { n: number }
  ).n;
}
