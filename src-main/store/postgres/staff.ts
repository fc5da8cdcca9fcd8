/**
 * Staff, PIN lockouts, settings and devices on PostgreSQL (ClinicStore area B), as the SQLite store functions do them
 * (clinicians.ts, devices.ts, settings.ts, admin-recovery.ts, audit-read.ts). Where SQLite relied on being the only
 * writer, two hubs of a group could otherwise interleave; at READ COMMITTED each write takes, in this order (after
 * which the audit log's tail lock comes last, as everywhere):
 * - the staff lock (advisory) for first-run setup and disabling: two first runs make one administrator, and two
 *   administrators disabling each other cannot leave none;
 * - the settings lock (advisory) around read, merge and write: one hub's change is never lost under another's;
 * - the row being counted or spent: a wrong PIN is counted by an upsert that adds one (its row stays locked until
 *   commit, so the lockout is computed from the exact count), a device's count by `failed_pin_attempts + 1`, and a
 *   pairing code, a recovery code and a device being revoked are read `FOR UPDATE`, so the second hub to redeem a code
 *   waits and then finds it used.
 * Functions given a `pg.PoolClient` run inside the caller's transaction (PostgresClinicStore's `tx`).
 */
import type pg from 'pg';
import type { Settings } from '../../core/settings';
import type { ClinicianRole } from '../../core/clinic';
import type { AuditEntry } from '../audit-chain';
import type { AuditFilter, AuditRow } from '../audit-read';
import type { ActiveClinician, ClinicianAdminRow, ClinicianRow, PinFailure } from '../clinicians';
import { CODE_COLUMNS, DEVICE_COLUMNS, type DeviceRole, type DeviceRow, type PairingCodeRow } from '../devices';
import type { RecoveryCodeRow } from '../admin-recovery';
import { mergeSettings, parseStoredSettings } from '../settings';
import {
  clinicianDisabledAudit,
  deviceRevokedAudit,
  pairedAudit,
  pairingProblem,
  pairingRefusedAudit,
  pinFailureAudit,
  pinResetAudit,
  recoveryAudit,
  type DeviceRevoked,
  type FirstAdminWrite,
  type PairingRedeem,
  type PairingRedeemed,
  type PinFailureCounted,
  type PinFailureWrite,
  type RecoveryWrite,
} from '../clinic-store-staff';
import { appendAuditRow } from './audit-append';
import { publishStaffEvent } from './staff-events';

type Queryable = pg.Pool | pg.ClientBase;

/** Advisory lock classes (first key of the two-key form), beside clinic-store.ts's. */
const STAFF_LOCK = 0x53535446;
const SETTINGS_LOCK = 0x53534554;

/** What every hub of the group hears when the settings changed; it carries no values (they are read again). */
export const SETTINGS_CHANGED = { type: 'settings.changed' } as const;
/**
 * What every hub hears when access was withdrawn, so each acts on it too (api/access-notices.ts): a device revoked, a
 * clinician's windows to lock. `from` names the store that wrote it, whose hub has acted already. Sent inside the
 * transaction, as settings.changed: delivered only if the change is committed.
 */
const deviceRevokedNotice = (deviceId: number, from: string) => ({ type: 'device.revoked', deviceId, from });
const clinicianLockedNotice = (clinicianId: number, from: string) => ({ type: 'clinician.locked', clinicianId, from });
/** A clinician's own new PIN: their windows stay open everywhere, now known by it (a hub catching up compares). */
const ownPinNotice = (clinicianId: number, from: string) => ({ type: 'clinician.own-pin', clinicianId, from });

export async function countClinicians(q: Queryable): Promise<number> {
  return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM clinicians')).rows[0]!.n;
}

async function countActiveAdmins(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM clinicians WHERE role = 'admin' AND disabled = 0",
  );
  return r.rows[0]!.n;
}

// Names sort by code point, as SQLite's BINARY collation does, whatever the database's locale.
export async function listActiveClinicians(q: Queryable): Promise<ActiveClinician[]> {
  const r = await q.query<ActiveClinician>(
    'SELECT id, name, role FROM clinicians WHERE disabled = 0 ORDER BY name COLLATE "C", id',
  );
  return r.rows;
}

export async function listAllClinicians(q: Queryable): Promise<ClinicianAdminRow[]> {
  const r = await q.query<ClinicianAdminRow>(
    `SELECT id, name, role, disabled, created_at,
            (SELECT coalesce(max(failed), 0)::int FROM pin_failures f WHERE f.clinician_id = c.id) AS failed_attempts,
            (SELECT max(locked_until COLLATE "C") FROM pin_failures f WHERE f.clinician_id = c.id) AS locked_until
       FROM clinicians c ORDER BY disabled, name COLLATE "C", id`,
  );
  return r.rows;
}

export async function getClinician(q: Queryable, id: number): Promise<ClinicianRow | undefined> {
  const r = await q.query<ClinicianRow>(
    `SELECT id, name, role, pin_hash, pin_salt, failed_attempts, locked_until, disabled
       FROM clinicians WHERE id = $1`,
    [id],
  );
  return r.rows[0];
}

export async function insertClinician(
  c: pg.PoolClient,
  w: { name: string; role: ClinicianRole; pinHash: string; pinSalt: string },
  atIso: string,
  audit?: Omit<AuditEntry, 'targetType' | 'targetId'>,
): Promise<number> {
  const r = await c.query<{ id: number }>(
    'INSERT INTO clinicians (name, role, pin_hash, pin_salt, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [w.name, w.role, w.pinHash, w.pinSalt, atIso],
  );
  const id = r.rows[0]!.id;
  if (audit) await appendAuditRow(c, { ...audit, targetType: 'clinician', targetId: id }, atIso);
  return id;
}

export async function setUpFirstAdmin(
  c: pg.PoolClient,
  w: FirstAdminWrite,
): Promise<{ id: number; settings: Settings | null } | null> {
  await c.query('SELECT pg_advisory_xact_lock($1, 0)', [STAFF_LOCK]);
  if ((await countClinicians(c)) > 0) return null;
  const id = await insertClinician(c, { name: w.name, role: 'admin', pinHash: w.pinHash, pinSalt: w.pinSalt }, w.atIso);
  const settings = w.clinicPhone === undefined ? null : (await writeSettings(c, { clinicPhone: w.clinicPhone })).after;
  await setRecoveryCode(c, w.recovery, w.atIso);
  await appendAuditRow(
    c,
    { actorType: 'clinician', actorId: id, action: 'staff.setup', targetType: 'clinician', targetId: id },
    w.atIso,
  );
  return { id, settings };
}

export async function setClinicianDisabled(
  c: pg.PoolClient,
  w: { clinicianId: number; disabled: boolean; actorId: number; atIso: string },
  from: string,
): Promise<'done' | 'not-found' | 'last-admin'> {
  await c.query('SELECT pg_advisory_xact_lock($1, 0)', [STAFF_LOCK]);
  const row = await getClinician(c, w.clinicianId);
  if (!row) return 'not-found';
  if (w.disabled && row.role === 'admin' && !row.disabled && (await countActiveAdmins(c)) <= 1) return 'last-admin';
  await c.query('UPDATE clinicians SET disabled = $1 WHERE id = $2', [w.disabled ? 1 : 0, row.id]);
  await appendAuditRow(c, clinicianDisabledAudit(w), w.atIso);
  // A disabled clinician loses every open window, at every hub.
  if (w.disabled) await publishStaffEvent(c, clinicianLockedNotice(row.id, from));
  return 'done';
}

/** As setClinicianPin (clinicians.ts): a new PIN also clears the clinician's lockouts everywhere. */
async function setClinicianPin(c: pg.ClientBase, id: number, pinHash: string, pinSalt: string): Promise<void> {
  await c.query(
    'UPDATE clinicians SET pin_hash = $1, pin_salt = $2, failed_attempts = 0, locked_until = NULL WHERE id = $3',
    [pinHash, pinSalt, id],
  );
  await c.query('DELETE FROM pin_failures WHERE clinician_id = $1', [id]);
}

export async function resetClinicianPin(
  c: pg.PoolClient,
  w: { clinicianId: number; pinHash: string; pinSalt: string; actorId: number; atIso: string },
  from: string,
): Promise<void> {
  await setClinicianPin(c, w.clinicianId, w.pinHash, w.pinSalt);
  await appendAuditRow(c, pinResetAudit(w), w.atIso);
  // Whoever knew the old PIN on an unlocked window must unlock again (as api/handlers/admin.ts: not the admin's own).
  await publishStaffEvent(
    c,
    w.clinicianId !== w.actorId ? clinicianLockedNotice(w.clinicianId, from) : ownPinNotice(w.clinicianId, from),
  );
}

export async function getRecoveryCode(q: Queryable): Promise<RecoveryCodeRow | undefined> {
  const r = await q.query<RecoveryCodeRow>('SELECT code_hash, code_salt, created_at FROM admin_recovery');
  return r.rows[0];
}

async function setRecoveryCode(c: pg.ClientBase, code: { hash: string; salt: string }, atIso: string): Promise<void> {
  await c.query(
    `INSERT INTO admin_recovery (only_row, code_hash, code_salt, created_at) VALUES (1, $1, $2, $3)
     ON CONFLICT (only_row) DO UPDATE SET code_hash = excluded.code_hash, code_salt = excluded.code_salt,
       created_at = excluded.created_at`,
    [code.hash, code.salt, atIso],
  );
}

export async function recoverAdmin(c: pg.PoolClient, w: RecoveryWrite, from: string): Promise<boolean> {
  const stored = await c.query<{ code_hash: string }>('SELECT code_hash FROM admin_recovery FOR UPDATE');
  if (stored.rows[0]?.code_hash !== w.usedCodeHash) return false;
  await setClinicianPin(c, w.clinicianId, w.pinHash, w.pinSalt);
  await setRecoveryCode(c, w.next, w.atIso);
  await appendAuditRow(c, recoveryAudit(w.clinicianId, await countActiveAdmins(c)), w.atIso);
  // Windows unlocked with the old PIN lock, at every hub.
  await publishStaffEvent(c, clinicianLockedNotice(w.clinicianId, from));
  return true;
}

export async function getPinFailure(q: Queryable, scope: string, clinicianId: number): Promise<PinFailure> {
  const r = await q.query<PinFailure>(
    'SELECT failed, locked_until FROM pin_failures WHERE scope = $1 AND clinician_id = $2',
    [scope, clinicianId],
  );
  return r.rows[0] ?? { failed: 0, locked_until: null };
}

export async function recordPinFailure(c: pg.PoolClient, w: PinFailureWrite): Promise<PinFailureCounted> {
  const counted = await c.query<{ failed: number }>(
    `INSERT INTO pin_failures (scope, clinician_id, failed, locked_until) VALUES ($1, $2, 1, NULL)
     ON CONFLICT (scope, clinician_id) DO UPDATE SET failed = pin_failures.failed + 1
     RETURNING failed`,
    [w.scope, w.clinicianId],
  );
  const failed = counted.rows[0]!.failed;
  const lockedUntil = w.lockout.clinician(failed);
  await c.query('UPDATE pin_failures SET locked_until = $1 WHERE scope = $2 AND clinician_id = $3', [
    lockedUntil,
    w.scope,
    w.clinicianId,
  ]);
  let result: PinFailureCounted = { failed, lockedUntil };
  if (w.deviceId !== undefined) {
    const device = await c.query<{ failed_pin_attempts: number }>(
      'UPDATE devices SET failed_pin_attempts = failed_pin_attempts + 1 WHERE id = $1 RETURNING failed_pin_attempts',
      [w.deviceId],
    );
    const deviceFailed = device.rows[0]?.failed_pin_attempts;
    if (deviceFailed !== undefined) {
      const deviceUntil = w.lockout.device(deviceFailed);
      await c.query('UPDATE devices SET pin_locked_until = $1 WHERE id = $2', [deviceUntil, w.deviceId]);
      result = { ...result, device: { id: w.deviceId, failed: deviceFailed, lockedUntil: deviceUntil } };
    }
  }
  await appendAuditRow(c, pinFailureAudit(w, result), w.atIso);
  return result;
}

export async function clearPinFailures(
  c: pg.ClientBase,
  scope: string,
  clinicianId: number,
  deviceId: number | undefined,
): Promise<void> {
  await c.query('DELETE FROM pin_failures WHERE scope = $1 AND clinician_id = $2', [scope, clinicianId]);
  if (deviceId !== undefined)
    await c.query('UPDATE devices SET failed_pin_attempts = 0, pin_locked_until = NULL WHERE id = $1', [deviceId]);
}

export async function readSettings(q: Queryable): Promise<Settings> {
  const r = await q.query<{ value_json: string }>("SELECT value_json FROM settings WHERE key = 'app'");
  return parseStoredSettings(r.rows[0]?.value_json);
}

/** Read, merge and write under the settings lock; every hub hears `settings.changed` when this commits. */
export async function writeSettings(
  c: pg.PoolClient,
  patch: Partial<Settings>,
  audit?: { atIso: string; entry(before: Settings, after: Settings): AuditEntry },
): Promise<{ before: Settings; after: Settings }> {
  await c.query('SELECT pg_advisory_xact_lock($1, 0)', [SETTINGS_LOCK]);
  const before = await readSettings(c);
  const after = mergeSettings(before, patch);
  await c.query(
    `INSERT INTO settings (key, value_json) VALUES ('app', $1)
     ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`,
    [JSON.stringify(after)],
  );
  if (audit) await appendAuditRow(c, audit.entry(before, after), audit.atIso);
  // Inside the transaction: PostgreSQL delivers it only if the change is committed.
  await publishStaffEvent(c, SETTINGS_CHANGED);
  return { before, after };
}

/** As readAudit (audit-read.ts): newest first, by clinician, time and page. */
export async function readAudit(q: Queryable, f: AuditFilter): Promise<AuditRow[]> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const arg = (v: string | number) => `$${args.push(v)}`;
  if (f.clinicianId !== undefined) where.push(`a.actor_id = ${arg(f.clinicianId)}`);
  if (f.fromIso) where.push(`a.at COLLATE "C" >= ${arg(f.fromIso)}`);
  if (f.toIso) where.push(`a.at COLLATE "C" < ${arg(f.toIso)}`);
  if (f.beforeId !== undefined) where.push(`a.id < ${arg(f.beforeId)}`);
  const r = await q.query<AuditRow>(
    `SELECT a.id, a.at, a.actor_type, a.actor_id, c.name AS actor_name, a.action, a.target_type, a.target_id,
            a.detail_json
       FROM audit_log a LEFT JOIN clinicians c ON c.id = a.actor_id AND a.actor_type = 'clinician'
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.id DESC LIMIT ${arg(f.limit)}`,
    args,
  );
  return r.rows;
}

export async function listDevices(q: Queryable): Promise<DeviceRow[]> {
  const r = await q.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY revoked_at IS NOT NULL, created_at COLLATE "C" DESC, id DESC`,
  );
  return r.rows;
}

export async function getDevice(q: Queryable, id: number, forUpdate = false): Promise<DeviceRow | undefined> {
  const r = await q.query<DeviceRow>(
    `SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0];
}

export async function findDeviceByCredentialHash(q: Queryable, credentialHash: string): Promise<DeviceRow | undefined> {
  const r = await q.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE credential_hash = $1`, [
    credentialHash,
  ]);
  return r.rows[0];
}

export async function touchDevice(q: Queryable, id: number, atIso: string, address: string | null): Promise<void> {
  await q.query('UPDATE devices SET last_seen_at = $1, last_address = $2 WHERE id = $3 AND revoked_at IS NULL', [
    atIso,
    address,
    id,
  ]);
}

export async function addPairingCode(
  c: pg.PoolClient,
  code: { codeHash: string; role: DeviceRole; name: string; createdBy: number; expiresAt: string },
  atIso: string,
  audit: Omit<AuditEntry, 'targetType' | 'targetId'>,
): Promise<number> {
  const r = await c.query<{ id: number }>(
    `INSERT INTO pairing_codes (code_hash, role, name, created_at, expires_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [code.codeHash, code.role, code.name, atIso, code.expiresAt, code.createdBy],
  );
  const codeId = r.rows[0]!.id;
  await appendAuditRow(c, { ...audit, targetType: 'pairing_code', targetId: codeId }, atIso);
  return codeId;
}

export async function redeemPairingCode(c: pg.PoolClient, w: PairingRedeem): Promise<PairingRedeemed> {
  // FOR UPDATE: a second hub redeeming the same code waits here, then reads it used.
  const found =
    w.codeHash === null
      ? undefined
      : (
          await c.query<PairingCodeRow>(`SELECT ${CODE_COLUMNS} FROM pairing_codes WHERE code_hash = $1 FOR UPDATE`, [
            w.codeHash,
          ])
        ).rows[0];
  const problem = pairingProblem(found, w.atIso);
  if (problem || !found) {
    const reason = problem ?? 'wrong';
    await appendAuditRow(c, pairingRefusedAudit(found?.id, reason, w), w.atIso);
    return { ok: false, reason };
  }
  const inserted = await c.query<{ id: number }>(
    `INSERT INTO devices (name, role, credential_hash, created_at, created_by, last_seen_at, last_address)
     VALUES ($1, $2, $3, $4, $5, $4, $6) RETURNING id`,
    [found.name, found.role, w.credentialHash, w.atIso, found.created_by, w.address],
  );
  const deviceId = inserted.rows[0]!.id;
  const used = await c.query(
    'UPDATE pairing_codes SET used_at = $1, device_id = $2 WHERE id = $3 AND used_at IS NULL',
    [w.atIso, deviceId, found.id],
  );
  if (used.rowCount !== 1) throw new Error('pairing code used concurrently');
  await appendAuditRow(c, pairedAudit(deviceId, found, w.address), w.atIso);
  const device = await getDevice(c, deviceId);
  if (!device) throw new Error('device vanished');
  return { ok: true, device };
}

export async function revokeDevice(
  c: pg.PoolClient,
  id: number,
  by: number,
  atIso: string,
  from: string,
): Promise<DeviceRevoked> {
  const found = await getDevice(c, id, true);
  if (!found) return { ok: false, problem: 'not-found' };
  if (found.revoked_at) return { ok: false, problem: 'already-revoked' };
  await c.query('UPDATE devices SET revoked_at = $1, revoked_by = $2 WHERE id = $3', [atIso, by, id]);
  await appendAuditRow(c, deviceRevokedAudit(found, by), atIso);
  await publishStaffEvent(c, deviceRevokedNotice(id, from));
  const device = await getDevice(c, id);
  if (!device) throw new Error('device vanished');
  return { ok: true, device };
}
