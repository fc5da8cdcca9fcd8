/**
 * What the staff, administration and device methods write through ClinicStore (clinic-store.ts), in one place: each
 * is one transaction on both engines, with its audit row.
 */
import type { AuditEntry } from './audit-chain';
import type { DeviceRow, PairingCodeRow } from './devices';

/** First-run setup: the first administrator, the clinic's phone if given, the recovery code's hash. */
export interface FirstAdminWrite {
  name: string;
  pinHash: string;
  pinSalt: string;
  clinicPhone?: string | undefined;
  recovery: { hash: string; salt: string };
  atIso: string;
}

export interface RecoveryWrite {
  clinicianId: number;
  pinHash: string;
  pinSalt: string;
  /** The stored code's hash that the typed code was checked against. */
  usedCodeHash: string;
  next: { hash: string; salt: string };
  atIso: string;
}

export interface PinFailureWrite {
  /** Where it was typed (api/handlers/staff.ts pinScope). */
  scope: string;
  clinicianId: number;
  /** The paired device it was typed on, if any. */
  deviceId?: number | undefined;
  atIso: string;
  /** Until when the n-th wrong secret in a row locks the clinician at this place, and the device (api/pin.ts). */
  lockout: { clinician(failed: number): string | null; device(failed: number): string | null };
  /** The audit row's action (`staff.unlock.failed`, `staff.recover.failed`). */
  auditAction: string;
}

export interface PinFailureCounted {
  failed: number;
  lockedUntil: string | null;
  /** Absent when not typed on a paired device. */
  device?: { id: number; failed: number; lockedUntil: string | null };
}

export interface PairingRedeem {
  codeHash: string | null;
  /** The new device's credential hash (the credential itself is made by the api and never stored). */
  credentialHash: string;
  address: string | null;
  atIso: string;
}

export type DeviceRevoked = { ok: true; device: DeviceRow } | { ok: false; problem: 'not-found' | 'already-revoked' };

export type PairingRedeemed = { ok: true; device: DeviceRow } | { ok: false; reason: 'wrong' | 'expired' | 'used' };

/*
 * The audit rows of these writes, built once for both engines so that a chain written by SQLite and one written by
 * PostgreSQL say the same things.
 */

export function clinicianDisabledAudit(w: { clinicianId: number; disabled: boolean; actorId: number }): AuditEntry {
  return {
    actorType: 'clinician',
    actorId: w.actorId,
    action: w.disabled ? 'clinician.disable' : 'clinician.enable',
    targetType: 'clinician',
    targetId: w.clinicianId,
  };
}

export function pinResetAudit(w: { clinicianId: number; actorId: number }): AuditEntry {
  return {
    actorType: 'clinician',
    actorId: w.actorId,
    action: 'clinician.resetPin',
    targetType: 'clinician',
    targetId: w.clinicianId,
  };
}

export function recoveryAudit(clinicianId: number, activeAdmins: number): AuditEntry {
  return {
    actorType: 'clinician',
    actorId: clinicianId,
    action: 'staff.recover',
    targetType: 'clinician',
    targetId: clinicianId,
    detail: { activeAdmins },
  };
}

export function pinFailureAudit(w: PinFailureWrite, counted: PinFailureCounted): AuditEntry {
  const { failed } = counted;
  return {
    actorType: 'system',
    action: w.auditAction,
    targetType: 'clinician',
    targetId: w.clinicianId,
    detail: counted.device
      ? { failed, scope: w.scope, deviceId: counted.device.id, deviceFailed: counted.device.failed }
      : { failed, scope: w.scope },
  };
}

/** Why a pairing code cannot be redeemed now, or null when it can. */
export function pairingProblem(
  code: Pick<PairingCodeRow, 'used_at' | 'expires_at'> | undefined,
  atIso: string,
): 'wrong' | 'used' | 'expired' | null {
  if (!code) return 'wrong';
  if (code.used_at) return 'used';
  if (code.expires_at <= atIso) return 'expired';
  return null;
}

export function pairingRefusedAudit(
  codeId: number | undefined,
  reason: 'wrong' | 'used' | 'expired',
  w: Pick<PairingRedeem, 'address'>,
): AuditEntry {
  return {
    actorType: 'system',
    action: 'device.pair.refused',
    ...(codeId === undefined ? {} : { targetType: 'pairing_code', targetId: codeId }),
    detail: { reason, address: w.address },
  };
}

export function pairedAudit(
  deviceId: number,
  code: Pick<PairingCodeRow, 'id' | 'role' | 'created_by'>,
  address: string | null,
): AuditEntry {
  return {
    actorType: 'system',
    action: 'device.pair',
    targetType: 'device',
    targetId: deviceId,
    detail: { role: code.role, codeId: code.id, pairedBy: code.created_by, address },
  };
}

export function deviceRevokedAudit(device: Pick<DeviceRow, 'id' | 'role'>, by: number): AuditEntry {
  return {
    actorType: 'clinician',
    actorId: by,
    action: 'device.revoke',
    targetType: 'device',
    targetId: device.id,
    detail: { role: device.role },
  };
}
