/**
 * Administrator methods for paired devices (hub mode): add one with a pairing code, list, revoke, and note a kiosk's
 * intakes deleted unsent.
 */
import { z } from 'zod';
import { method } from './define';
import { emptySchema, idSchema, personText } from '../schemas';

export type DeviceRoleName = 'kiosk' | 'staff';

export interface DeviceView {
  id: number;
  name: string;
  role: DeviceRoleName;
  createdAt: string;
  lastSeenAt: string | null;
  /** The network address the device last called from. */
  lastAddress: string | null;
  revokedAt: string | null;
  /** Too many wrong PINs from this device (any clinician): unlocking on it waits until then. */
  pinLockedUntil: string | null;
  /** Intakes this kiosk said it deleted unsent (held past 30 days), and when it last said so; null when none. */
  heldExpired: { count: number; lastReportedAt: string } | null;
}

export interface PairingCodeIssued {
  /** Shown once to the admin, typed on the device; never stored in clear. */
  code: string;
  expiresAt: string;
  role: DeviceRoleName;
  name: string;
}

/** How devices reach this computer, for the Devices screen; `sharing: false` when no hub serves the network. */
export type NetworkView =
  | { sharing: false }
  | {
      sharing: true;
      /** Addresses devices open, the preferred one first. */
      origins: string[];
      /** SHA-256 of the clinic CA certificate, colon-separated hex: compared on each device before trusting it. */
      caFingerprint: string;
      /** Where a tablet downloads the clinic CA certificate. */
      caUrl: string;
      /** Where an unpaired device types its code. */
      pairUrl: string;
    };

export const deviceNameSchema = personText(80).pipe(
  z.string().min(1, 'Give the device a name, such as "Waiting room tablet".'),
);

export const deviceMethods = {
  'devices.list': method<DeviceView[]>()('admin', emptySchema),
  'devices.network': method<NetworkView>()('admin', emptySchema),
  'devices.pair.start': method<PairingCodeIssued>()(
    'admin',
    z.object({ role: z.enum(['kiosk', 'staff']), name: deviceNameSchema }).strict(),
  ),
  'devices.revoke': method<DeviceView>()('admin', z.object({ deviceId: idSchema }).strict()),
  /** The administrator has seen the kiosk's intakes deleted unsent: `count` is the number the screen showed. */
  'devices.heldExpired.acknowledge': method<DeviceView>()(
    'admin',
    z.object({ deviceId: idSchema, count: z.number().int().min(1).max(1_000_000) }).strict(),
  ),
} as const;
