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

/**
 * Wrong PINs in a row for one clinician from one place (`scope`: a paired device, or the local staff window), so a
 * person at one screen can only lock a clinician out of that screen.
 */
export interface PinFailure {
  failed: number;
  locked_until: string | null;
}

export function getPinFailure(db: Db, scope: string, clinicianId: number): PinFailure {
  return (
    (db
      .prepare('SELECT failed, locked_until FROM pin_failures WHERE scope = ? AND clinician_id = ?')
      .get(scope, clinicianId) as PinFailure | undefined) ?? { failed: 0, locked_until: null }
  );
}

export function recordPinFailure(db: Db, scope: string, clinicianId: number, f: PinFailure): void {
  db.prepare(
    `INSERT INTO pin_failures (scope, clinician_id, failed, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT (scope, clinician_id) DO UPDATE SET failed = excluded.failed, locked_until = excluded.locked_until`,
  ).run(scope, clinicianId, f.failed, f.locked_until);
}

export function clearPinFailures(db: Db, scope: string, clinicianId: number): void {
  db.prepare('DELETE FROM pin_failures WHERE scope = ? AND clinician_id = ?').run(scope, clinicianId);
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
      // The worst of the clinician's places: what an administrator needs to see to help them.
      `SELECT id, name, role, disabled, created_at,
              (SELECT coalesce(max(failed), 0) FROM pin_failures f WHERE f.clinician_id = c.id) AS failed_attempts,
              (SELECT max(locked_until) FROM pin_failures f WHERE f.clinician_id = c.id) AS locked_until
         FROM clinicians c ORDER BY disabled, name`,
    )
    .all() as ClinicianAdminRow[];
}

export function setClinicianDisabled(db: Db, id: number, disabled: boolean): void {
  db.prepare('UPDATE clinicians SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
}

/** A new PIN also clears any lockout, everywhere: the administrator has checked who they are talking to. */
export function setClinicianPin(db: Db, id: number, pinHash: string, pinSalt: string): void {
  db.prepare(
    'UPDATE clinicians SET pin_hash = ?, pin_salt = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?',
  ).run(pinHash, pinSalt, id);
  db.prepare('DELETE FROM pin_failures WHERE clinician_id = ?').run(id);
}

export function countActiveAdmins(db: Db): number {
  return (
    db.prepare("SELECT count(*) AS n FROM clinicians WHERE role = 'admin' AND disabled = 0").get() as { n: number }
  ).n;
}
