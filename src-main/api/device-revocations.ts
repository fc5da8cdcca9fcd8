/**
 * Devices revoked at another hub of the group (#18). The hub closes a revoked device's event streams and forgets its
 * unlocked windows when its core says `device.revoked` (hub/server.ts); the handler says so only on the hub where the
 * admin revoked it, so a staff PC streaming from another hub of the same database kept its stream open. PostgreSQL's
 * store now announces each revocation as it commits (postgres/staff.ts), and every core passes it on to its shell,
 * once per device: a revoked device stays revoked, and the revoking hub has usually announced it already.
 * Requests need no notice: every one is authenticated against the store (pairing.ts DeviceAuthenticator).
 */
import { z } from 'zod';
import type { Logger } from '../core/log';
import type { ClinicStore } from '../store/clinic-store';
import type { CoreEvents } from './core-events';

export const DEVICE_REVOKED = 'device.revoked';

const deviceRevokedSchema = z
  .object({ type: z.literal(DEVICE_REVOKED), deviceId: z.number().int().positive() })
  .strict();

/** Subscribes `coreEvents` to the group's revocations; resolves to the unsubscribe. */
export async function followDeviceRevocations(
  store: ClinicStore,
  coreEvents: CoreEvents,
  log: Logger,
): Promise<() => Promise<void>> {
  const announced = new Set<number>();
  const stopWatching = coreEvents.subscribe((e) => {
    if (e.type === 'device.revoked') announced.add(e.deviceId);
  });
  try {
    const unsubscribe = await store.subscribeStaffEvents((message) => {
      if (message.type !== DEVICE_REVOKED) return;
      const notice = deviceRevokedSchema.safeParse(message);
      if (!notice.success) {
        log.warn('events.unknown-shared-event', { type: DEVICE_REVOKED });
        return;
      }
      if (!announced.has(notice.data.deviceId)) coreEvents.emit(notice.data);
    });
    return async () => {
      stopWatching();
      await unsubscribe();
    };
  } catch (e) {
    stopWatching();
    throw e;
  }
}
