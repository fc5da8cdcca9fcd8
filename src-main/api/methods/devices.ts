/** Administrator methods for paired devices (hub mode): add one with a pairing code, list, revoke. */
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
}

export interface PairingCodeIssued {
  /** Shown once to the admin, typed on the device; never stored in clear. */
  code: string;
  expiresAt: string;
  role: DeviceRoleName;
  name: string;
}

export const deviceNameSchema = personText(80).pipe(
  z.string().min(1, 'Give the device a name, such as "Waiting room tablet".'),
);

export const deviceMethods = {
  'devices.list': method<DeviceView[]>()('admin', emptySchema),
  'devices.pair.start': method<PairingCodeIssued>()(
    'admin',
    z.object({ role: z.enum(['kiosk', 'staff']), name: deviceNameSchema }).strict(),
  ),
  'devices.revoke': method<DeviceView>()('admin', z.object({ deviceId: idSchema }).strict()),
} as const;
