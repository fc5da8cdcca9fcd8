/**
 * Access withdrawn at another hub of the group (#18). A hub acts at once on what its own handlers withdraw: a revoked
 * device's event streams close and its windows are forgotten (`device.revoked` on coreEvents, hub/server.ts), a
 * clinician disabled, given a new PIN by someone else or recovered loses every unlocked window (StaffSessions), while
 * one who set their own new PIN keeps theirs, now known by it (`clinician.own-pin`). Other
 * hubs of the same database did neither, so a revoked staff PC streaming from another hub kept its stream, and a
 * disabled clinician kept working there. PostgreSQL's store now announces both as they commit (postgres/staff.ts),
 * naming the store that wrote them, and every other hub's core acts on them here.
 * Requests need no notice: each is authenticated against the store (pairing.ts) and each unlock reads the clinician.
 * Notices sent while this hub's link to the database was down are lost (LISTEN queues nothing), so on the way back
 * it catches up from the store: every revoked device's streams are closed (a no-op where none is open), and windows of
 * a clinician disabled meanwhile, or whose PIN is no longer the one the window was unlocked with, are locked.
 */
import { z } from 'zod';
import type { Logger } from '../core/log';
import type { ClinicStore } from '../store/clinic-store';
import type { CoreEvents } from './core-events';
import type { StaffSessions } from './staff-sessions';

const clinicianNotice = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), clinicianId: z.number().int().positive(), from: z.string() }).strict();

const noticeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('device.revoked'), deviceId: z.number().int().positive(), from: z.string() }).strict(),
  clinicianNotice('clinician.locked'),
  clinicianNotice('clinician.own-pin'),
]);

/** The notices' types: the shell's and the sessions' business, never a staff window's event (staff-event-relay.ts). */
export const ACCESS_NOTICES: ReadonlySet<string> = new Set(noticeSchema.options.map((o) => o.shape.type.value));

/** Acts on the notices other hubs' stores wrote (`ownOrigin` names this core's store); resolves to the unsubscribe. */
export function followAccessNotices(
  store: ClinicStore,
  ownOrigin: string,
  deps: { coreEvents: CoreEvents; staffSessions: StaffSessions; log: Logger },
): Promise<() => Promise<void>> {
  const { coreEvents, staffSessions, log } = deps;
  // A clinician's windows stay open by their own new PIN, as stored; one no longer active loses them instead.
  const keepWithNewPin = async (clinicianId: number) => {
    const clinician = await store.getClinician(clinicianId);
    if (clinician && !clinician.disabled) staffSessions.keepAfterOwnPinChange(clinicianId, clinician.pin_hash);
    else staffSessions.lockClinician(clinicianId);
  };
  const catchUp = async () => {
    for (const device of await store.listDevices())
      if (device.revoked_at) coreEvents.emit({ type: 'device.revoked', deviceId: device.id });
    for (const { clinicianId, pinHash } of staffSessions.unlockedWith()) {
      const clinician = await store.getClinician(clinicianId);
      if (!clinician || clinician.disabled || clinician.pin_hash !== pinHash) staffSessions.lockClinician(clinicianId);
    }
  };
  const onResync = () => void catchUp().catch((e: unknown) => log.error('access.catch-up-failed', e));
  return store.subscribeStaffEvents(
    (message) => {
      if (!ACCESS_NOTICES.has(message.type)) return;
      const notice = noticeSchema.safeParse(message);
      if (!notice.success) {
        log.warn('events.unknown-shared-event', { type: message.type.slice(0, 64) });
        return;
      }
      const { data } = notice;
      if (data.from === ownOrigin) return; // this hub's handler has acted already
      if (data.type === 'device.revoked') coreEvents.emit({ type: 'device.revoked', deviceId: data.deviceId });
      else if (data.type === 'clinician.locked') staffSessions.lockClinician(data.clinicianId);
      else void keepWithNewPin(data.clinicianId).catch((e: unknown) => log.error('access.own-pin-failed', e));
    },
    { onResync },
  );
}
