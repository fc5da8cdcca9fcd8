/**
 * A staff station's main process holds the hub's event stream (`GET /api/events`) with the browser's own rules
 * (core/event-stream.ts: 5 s of silence is a lost hub, backoff 0.5–5 s, `Last-Event-ID` on reconnect, `resync`,
 * `ready`), and hands each event, checked against the contract's shape, to the clinician window. A resync reaches the
 * window as `queue.changed`: the window reloads the queue, which is what it does on a resync, and raises any
 * unacknowledged alert again.
 */
import { z } from 'zod';
import type { StaffEvent } from '../api/contract';
import { startEventStream, type ConnectionState } from '../core/event-stream';
import { queueChangedSchema, staffRequestedSchema, urgentAlertSchema } from '../api/staff-event-schemas';
import { openHubStream, type PinnedHub } from './hub-link';

const staffEventSchema = z.discriminatedUnion('type', [queueChangedSchema, urgentAlertSchema, staffRequestedSchema]);

/** A staff event from the hub, or null for anything else (ignored, as the browser ignores unknown types). */
export function parseStaffEvent(data: string): StaffEvent | null {
  try {
    const r = staffEventSchema.safeParse(JSON.parse(data));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export interface HubEventsOptions {
  hub: PinnedHub;
  /** The station's headers (credential cookie, Origin, tab): see RemoteDispatch.headersFor. */
  headers(): Record<string, string>;
  event(event: StaffEvent): void;
  state(state: ConnectionState): void;
  /** The hub refused the stream with 401: the credential is no longer accepted. */
  onUnpaired?(): void;
}

/** Keeps the stream open until the returned function is called. */
export function startHubEvents(options: HubEventsOptions): () => void {
  return startEventStream<StaffEvent>(
    (lastEventId, signal) =>
      openHubStream(
        options.hub,
        '/api/events',
        lastEventId ? { ...options.headers(), 'Last-Event-ID': lastEventId } : options.headers(),
        signal,
        (status) => {
          if (status === 401) options.onUnpaired?.();
        },
      ),
    {
      event: options.event,
      resync: () => options.event({ type: 'queue.changed' }),
      state: options.state,
    },
    parseStaffEvent,
  );
}
