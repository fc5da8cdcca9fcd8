/**
 * The browser's staff event stream: the shared reconnect rules (src-main/core/event-stream.ts) with staff events as
 * the messages. A desktop station's main process uses the same rules (src-main/station/hub-events.ts).
 */
import type { StaffEvent } from '../../src-main/api/contract';
import { startEventStream, type EventStreamHandlers, type OpenStream } from '../../src-main/core/event-stream';

export {
  MAX_BACKOFF_MS,
  MIN_BACKOFF_MS,
  SILENCE_MS,
  SseParser,
  type ConnectionState,
  type OpenStream,
  type SseMessage,
} from '../../src-main/core/event-stream';

export type StaffStreamHandlers = EventStreamHandlers<StaffEvent>;

/** Any JSON object with a string `type`; the window ignores types it does not know. */
function asStaffEvent(data: string): StaffEvent | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { type?: unknown }).type === 'string') {
      return parsed as StaffEvent;
    }
  } catch {
    // Not JSON: ignored, like any message this client does not know.
  }
  return null;
}

/** Keeps a stream open until the returned function is called. */
export function startStaffStream(open: OpenStream, handlers: StaffStreamHandlers): () => void {
  return startEventStream(open, handlers, asStaffEvent);
}
