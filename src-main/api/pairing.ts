/**
 * The device side of pairing, for the hub's HTTP routes (not a contract method: the device has no credential yet).
 * Redeeming a code and authenticating a credential both live here so the hub only moves bytes and cookies.
 */
import type { Clock } from '../core/clock';
import type { AuditEntry } from '../store/audit';
import type { ClinicStore } from '../store/clinic-store';
import type { DeviceRow } from '../store/devices';
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

/**
 * What the hub needs of the clinic's devices, whichever engine holds them: a hub on a shared PostgreSQL database knows
 * every device paired at any hub of the group, and a code is redeemed once across all of them.
 */
export interface DeviceAccess {
  /** Trades a typed pairing code for a new device's credential (the store makes the device, audited either way). */
  redeem(typed: string, address: string | null): Promise<PairingOutcome>;
  /** The device holding this credential, revoked or not (the caller checks `revoked_at`). */
  findByCredential(credential: string): Promise<DeviceRow | undefined>;
  touch(deviceId: number, atIso: string, address: string | null): Promise<void>;
  /** The hub's own audit rows (limits reached, a revoked device refused). */
  audit(entry: AuditEntry): Promise<void>;
}

/** Device access over the live store (a restore replaces it, so it is asked for each time). */
export function storeDeviceAccess(store: () => ClinicStore, clock: Clock): DeviceAccess {
  return {
    redeem: (typed, address) => redeemPairingCode(store(), clock, typed, address),
    findByCredential: (credential) => store().findDeviceByCredentialHash(hashDeviceCredential(credential)),
    touch: (deviceId, atIso, address) => store().touchDevice(deviceId, atIso, address),
    audit: (entry) => store().appendAudit(entry, clock.now().toISOString()),
  };
}

/** Redeems a code: in one transaction the device is made, the code marked used and the outcome audited. */
export async function redeemPairingCode(
  store: ClinicStore,
  clock: Clock,
  typed: string,
  address: string | null,
): Promise<PairingOutcome> {
  const normalised = normalisePairingCode(typed);
  const credential = newDeviceCredential();
  const redeemed = await store.redeemPairingCode({
    codeHash: normalised ? hashPairingCode(normalised) : null,
    credentialHash: hashDeviceCredential(credential),
    address,
    atIso: clock.now().toISOString(),
  });
  return redeemed.ok ? { ok: true, credential, device: redeemed.device } : redeemed;
}

/** How often "last seen" is written for a busy device: often enough for an admin, rarely enough for a FULL-sync db. */
export const LAST_SEEN_WRITE_MS = 60_000;

/** Finds the active device holding a credential and notes when and from where it was seen (throttled). */
export class DeviceAuthenticator {
  private readonly lastWrite = new Map<number, { at: number; address: string | null }>();

  constructor(
    private readonly devices: () => DeviceAccess,
    private readonly clock: Clock,
  ) {}

  /** Read from the store on every request, so a device revoked at another hub of the group is refused at once. */
  async authenticate(credential: string | null, address: string | null): Promise<DeviceRow | null> {
    if (!credential || credential.length > 100) return null;
    const device = await this.devices().findByCredential(credential);
    if (!device || device.revoked_at) return null;
    const now = this.clock.now().getTime();
    const last = this.lastWrite.get(device.id);
    if (!last || now - last.at >= LAST_SEEN_WRITE_MS || last.address !== address) {
      this.lastWrite.set(device.id, { at: now, address });
      await this.devices().touch(device.id, new Date(now).toISOString(), address);
    }
    return device;
  }
}
