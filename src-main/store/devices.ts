/** Paired devices and pairing codes. Takes and returns hashes only: making and checking secrets is the api's job. */
import { prepared, type Db } from './db';
import type { AuditEntry } from './audit-chain';

export type DeviceRole = 'kiosk' | 'staff';

export interface DeviceRow {
  id: number;
  name: string;
  role: DeviceRole;
  created_at: string;
  created_by: number | null;
  last_seen_at: string | null;
  last_address: string | null;
  revoked_at: string | null;
  revoked_by: number | null;
  failed_pin_attempts: number;
  pin_locked_until: string | null;
  /** Intakes this kiosk said it deleted unsent, and when it last said so (migration 017). */
  held_expired_count: number;
  held_expired_at: string | null;
}

export interface PairingCodeRow {
  id: number;
  role: DeviceRole;
  name: string;
  created_at: string;
  expires_at: string;
  created_by: number;
  used_at: string | null;
  device_id: number | null;
}

// The credential hash never leaves this module in a row: nothing upstream needs it once a device is found.
export const DEVICE_COLUMNS =
  'id, name, role, created_at, created_by, last_seen_at, last_address, revoked_at, revoked_by, failed_pin_attempts, ' +
  'pin_locked_until, held_expired_count, held_expired_at';
export const CODE_COLUMNS = 'id, role, name, created_at, expires_at, created_by, used_at, device_id';

export function insertPairingCode(
  db: Db,
  c: { codeHash: string; role: DeviceRole; name: string; createdBy: number; expiresAt: string },
  nowIso: string,
): number {
  const info = db
    .prepare(
      'INSERT INTO pairing_codes (code_hash, role, name, created_at, expires_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(c.codeHash, c.role, c.name, nowIso, c.expiresAt, c.createdBy);
  return Number(info.lastInsertRowid);
}

export function findPairingCode(db: Db, codeHash: string): PairingCodeRow | undefined {
  return db.prepare(`SELECT ${CODE_COLUMNS} FROM pairing_codes WHERE code_hash = ?`).get(codeHash) as
    PairingCodeRow | undefined;
}

/** Marks a code used by a device; false when it was already used (a race between two devices). */
export function markPairingCodeUsed(db: Db, id: number, deviceId: number, nowIso: string): boolean {
  return (
    db
      .prepare('UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE id = ? AND used_at IS NULL')
      .run(nowIso, deviceId, id).changes === 1
  );
}

/** Codes not used and not yet expired: an admin screen can show "one code waiting". */
export function countOpenPairingCodes(db: Db, nowIso: string): number {
  return (
    db.prepare('SELECT count(*) AS n FROM pairing_codes WHERE used_at IS NULL AND expires_at > ?').get(nowIso) as {
      n: number;
    }
  ).n;
}

export function insertDevice(
  db: Db,
  d: { name: string; role: DeviceRole; credentialHash: string; createdBy: number | null; address: string | null },
  nowIso: string,
): number {
  const info = db
    .prepare(
      `INSERT INTO devices (name, role, credential_hash, created_at, created_by, last_seen_at, last_address)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(d.name, d.role, d.credentialHash, nowIso, d.createdBy, nowIso, d.address);
  return Number(info.lastInsertRowid);
}

export function findDeviceByCredentialHash(db: Db, credentialHash: string): DeviceRow | undefined {
  return db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE credential_hash = ?`).get(credentialHash) as
    DeviceRow | undefined;
}

export function getDevice(db: Db, id: number): DeviceRow | undefined {
  return db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = ?`).get(id) as DeviceRow | undefined;
}

/** Active devices first, then revoked ones; newest first within each. */
export function listDevices(db: Db): DeviceRow[] {
  return db
    .prepare(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`)
    .all() as DeviceRow[];
}

export function touchDevice(db: Db, id: number, nowIso: string, address: string | null): void {
  db.prepare('UPDATE devices SET last_seen_at = ?, last_address = ? WHERE id = ? AND revoked_at IS NULL').run(
    nowIso,
    address,
    id,
  );
}

/** False when the device does not exist or was already revoked. */
export function revokeDevice(db: Db, id: number, by: number | null, nowIso: string): boolean {
  return (
    db
      .prepare('UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL')
      .run(nowIso, by, id).changes === 1
  );
}

/** Wrong PINs from this device in a row (any clinician), and until when it waits. */
export function recordDevicePinFailure(db: Db, id: number, failedAttempts: number, lockedUntil: string | null): void {
  db.prepare('UPDATE devices SET failed_pin_attempts = ?, pin_locked_until = ? WHERE id = ?').run(
    failedAttempts,
    lockedUntil,
    id,
  );
}

export function clearDevicePinFailures(db: Db, id: number): void {
  db.prepare('UPDATE devices SET failed_pin_attempts = 0, pin_locked_until = NULL WHERE id = ?').run(id);
}

/** A kiosk's report of intakes it deleted unsent (`kiosk.heldExpired`), as both engines audit it. */
export interface HeldExpiredReport {
  /** The paired device that sent it; null for a kiosk without one (the web shell on the hub machine). */
  deviceId: number | null;
  count: number;
  oldestHeldAt: string;
}

export function heldExpiredAudit(r: HeldExpiredReport) {
  return {
    actorType: 'kiosk',
    action: 'kiosk.heldExpired',
    ...(r.deviceId === null ? {} : { targetType: 'device', targetId: r.deviceId }),
    detail: { count: r.count, oldestHeldAt: r.oldestHeldAt },
  } satisfies AuditEntry;
}

/** Adds a report to its device's count (migration 017); a device that is gone is left alone. */
export function addHeldExpired(db: Db, deviceId: number, count: number, nowIso: string): void {
  prepared(db, 'UPDATE devices SET held_expired_count = held_expired_count + ?, held_expired_at = ? WHERE id = ?').run(
    count,
    nowIso,
    deviceId,
  );
}

/**
 * What an administrator's "noted" did: the device's count is cleared (the audit log keeps every report). Refused as
 * `changed` when the count is no longer the one the administrator saw, so a report that arrived meanwhile is not
 * cleared unseen.
 */
export type HeldExpiredAcknowledged = { ok: true; device: DeviceRow } | { ok: false; problem: 'not-found' | 'changed' };

export function heldExpiredAcknowledgedAudit(found: DeviceRow, by: number): AuditEntry {
  return {
    actorType: 'clinician',
    actorId: by,
    action: 'device.heldExpired.acknowledge',
    targetType: 'device',
    targetId: found.id,
    detail: { count: found.held_expired_count, lastReportedAt: found.held_expired_at },
  };
}

export function clearHeldExpired(db: Db, deviceId: number): void {
  prepared(db, 'UPDATE devices SET held_expired_count = 0, held_expired_at = NULL WHERE id = ?').run(deviceId);
}
