/**
 * The device side of pairing, for the hub's HTTP routes (not a contract method: the device has no credential yet).
 * Redeeming a code and authenticating a credential both live here so the hub only moves bytes and cookies.
 */
import type { Clock } from '../core/clock';
import type { Db } from '../store/db';
import { appendAudit } from '../store/audit';
import {
  findDeviceByCredentialHash,
  findPairingCode,
  insertDevice,
  markPairingCodeUsed,
  touchDevice,
  type DeviceRow,
} from '../store/devices';
import { hashDeviceCredential, hashPairingCode, newDeviceCredential, normalisePairingCode } from './device-secrets';

export type PairingRefusal = 'wrong' | 'expired' | 'used';

export type PairingOutcome =
  { ok: true; credential: string; device: DeviceRow } | { ok: false; reason: PairingRefusal };

/** What the device is told. A wrong code and a malformed one read the same, so typing reveals nothing. */
export const PAIRING_REFUSAL_MESSAGES: Record<PairingRefusal, string> = {
  wrong: 'That pairing code is not right. Check it and try again, or ask the administrator for a new one.',
  expired: 'That pairing code has expired (codes last 10 minutes). Ask the administrator for a new one.',
  used: 'That pairing code has already been used. Ask the administrator for a new one.',
};

/** Redeems a code: in one transaction the device is made, the code marked used and the outcome audited. */
export function redeemPairingCode(db: Db, clock: Clock, typed: string, address: string | null): PairingOutcome {
  const now = clock.now();
  const at = now.toISOString();
  const normalised = normalisePairingCode(typed);
  return db.transaction((): PairingOutcome => {
    const code = normalised ? findPairingCode(db, hashPairingCode(normalised)) : undefined;
    const refuse = (reason: PairingRefusal): PairingOutcome => {
      appendAudit(
        db,
        {
          actorType: 'system',
          action: 'device.pair.refused',
          ...(code ? { targetType: 'pairing_code', targetId: code.id } : {}),
          detail: { reason, address },
        },
        at,
      );
      return { ok: false, reason };
    };
    if (!code) return refuse('wrong');
    if (code.used_at) return refuse('used');
    if (code.expires_at <= at) return refuse('expired');
    const credential = newDeviceCredential();
    const deviceId = insertDevice(
      db,
      {
        name: code.name,
        role: code.role,
        credentialHash: hashDeviceCredential(credential),
        createdBy: code.created_by,
        address,
      },
      at,
    );
    if (!markPairingCodeUsed(db, code.id, deviceId, at)) throw new Error('pairing code used concurrently');
    appendAudit(
      db,
      {
        actorType: 'system',
        action: 'device.pair',
        targetType: 'device',
        targetId: deviceId,
        detail: { role: code.role, codeId: code.id, pairedBy: code.created_by, address },
      },
      at,
    );
    const device = findDeviceByCredentialHash(db, hashDeviceCredential(credential));
    if (!device) throw new Error('device vanished');
    return { ok: true, credential, device };
  })();
}

/** How often "last seen" is written for a busy device: often enough for an admin, rarely enough for a FULL-sync db. */
export const LAST_SEEN_WRITE_MS = 60_000;

/** Finds the active device holding a credential and notes when and from where it was seen (throttled). */
export class DeviceAuthenticator {
  private readonly lastWrite = new Map<number, { at: number; address: string | null }>();

  constructor(
    private readonly db: () => Db,
    private readonly clock: Clock,
  ) {}

  authenticate(credential: string | null, address: string | null): DeviceRow | null {
    if (!credential || credential.length > 100) return null;
    const device = findDeviceByCredentialHash(this.db(), hashDeviceCredential(credential));
    if (!device || device.revoked_at) return null;
    const now = this.clock.now().getTime();
    const last = this.lastWrite.get(device.id);
    if (!last || now - last.at >= LAST_SEEN_WRITE_MS || last.address !== address) {
      touchDevice(this.db(), device.id, new Date(now).toISOString(), address);
      this.lastWrite.set(device.id, { at: now, address });
    }
    return device;
  }
}
