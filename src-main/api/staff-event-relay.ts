/**
 * Staff events across hubs (#18): a handler publishes through the store, and every core of the same database hears it
 * from its one subscription and emits it on its own StaffEvents, which its staff windows stream (events.ts, the hub's
 * event log with its ids and resume). On SQLite the store delivers in-process and at once, so an event still reaches
 * the windows before the handler returns; on PostgreSQL it is a NOTIFY, heard by every hub of the group, this one too.
 * What concerns this machine alone (a kiosk summoning staff, this hub's storage failing) stays on StaffEvents.
 */
import { z } from 'zod';
import { queueChangedSchema, urgentAlertSchema } from './staff-event-schemas';
import type { Logger } from '../core/log';
import type { ClinicStore } from '../store/clinic-store';
import type { StaffEvent } from './contract';
import type { StaffEvents } from './events';
import { ACCESS_NOTICES } from './access-notices';

const SETTINGS_CHANGED = 'settings.changed';
/** What the settings cache and the access notices act on (settings-cache.ts, access-notices.ts), not staff windows. */
const CORE_NOTICES: ReadonlySet<string> = new Set([SETTINGS_CHANGED, ...ACCESS_NOTICES]);

/** The events that cross hubs; a message that is none of them (another Stride version) is not shown to staff. */
const sharedStaffEventSchema = z.discriminatedUnion('type', [queueChangedSchema, urgentAlertSchema]);
export type SharedStaffEvent = z.infer<typeof sharedStaffEventSchema> & StaffEvent;

/**
 * Subscribes `events` to the store's staff events; resolves to the unsubscribe. After the link to the other hubs was
 * lost, events may have been missed: windows reload their queue (`queue.changed`, what a resync means to them).
 */
export function relayStaffEvents(store: ClinicStore, events: StaffEvents, log: Logger): Promise<() => Promise<void>> {
  // SQLite's events come from this process's own handlers, already of the contract's shape: not checked again.
  // `settings.changed` is the settings cache's (settings-cache.ts), never a staff window's.
  if (store.engine === 'sqlite')
    return store.subscribeStaffEvents((message) => {
      if (!CORE_NOTICES.has(message.type)) events.emit(message as StaffEvent);
    });
  return store.subscribeStaffEvents(
    (message) => {
      if (CORE_NOTICES.has(message.type)) return;
      const event = sharedStaffEventSchema.safeParse(message);
      if (event.success) events.emit(event.data);
      else log.warn('events.unknown-shared-event', { type: message.type.slice(0, 64) });
    },
    { onResync: () => events.emit({ type: 'queue.changed' }) },
  );
}

/**
 * Publishes a committed change's event. Never throws: the change stands whatever happens to its notice. Should the
 * database refuse the NOTIFY, this hub's own windows still hear it (the others reload on their next event or resync).
 */
export async function publishStaffEvent(
  deps: { store: ClinicStore; events: StaffEvents; log: Logger },
  event: SharedStaffEvent,
): Promise<void> {
  try {
    await deps.store.publishStaffEvent(event);
  } catch (e) {
    deps.log.error('events.publish-failed', e, { type: event.type });
    deps.events.emit(event);
  }
}
