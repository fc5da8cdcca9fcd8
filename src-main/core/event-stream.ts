/**
 * The client side of a staff event stream, with no DOM and no fetch of its own (the transport is handed in), so the
 * same rules serve the browser (src-renderer/lib/staff-stream.ts) and a desktop station's main process
 * (src-main/station/hub-events.ts), and run under fake timers in tests/renderer/staff-stream.test.ts:
 * - any message, heartbeats included, proves the connection; 5 s of silence means it is lost: abort and reconnect;
 * - reconnecting waits 0.5 s, doubling up to 5 s, and starts again at 0.5 s once a connection is caught up;
 * - every reconnect sends the id of the last event seen; the server replays what was missed, or says `resync`;
 * - the state is `open` only after the server's `ready` (replay or resync done), `lost` from the moment it is lost.
 * The server side is src-main/web/server.ts with src-main/web/event-log.ts.
 */
import { backoffDelay } from './backoff';

export const SILENCE_MS = 5_000;
export const MIN_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 5_000;

export type ConnectionState = 'connecting' | 'open' | 'lost';

export interface EventStreamHandlers<E> {
  event(event: E): void;
  /** The server could not tell what was missed (it restarted, or the gap was too long): reload from the database. */
  resync(): void;
  state(state: ConnectionState): void;
}

/** Opens one stream, sending `lastEventId` when there is one; rejects (or the stream errors) when it cannot. */
export type OpenStream = (lastEventId: string | null, signal: AbortSignal) => Promise<ReadableStream<string>>;

export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

/** Server-sent events framing: `field: value` lines, a blank line ends a message, `:` lines are comments. */
export class SseParser {
  private buffer = '';

  feed(text: string): SseMessage[] {
    this.buffer += text.replace(/\r\n?/g, '\n');
    const messages: SseMessage[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: SseMessage = {};
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') message.id = value;
        else if (field === 'event') message.event = value;
        else if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
      }
      messages.push(message);
    }
    return messages;
  }
}

/**
 * Keeps a stream open until the returned function is called. `parse` turns a message's data into an event, or null
 * for data this client does not know (ignored).
 */
export function startEventStream<E>(
  open: OpenStream,
  handlers: EventStreamHandlers<E>,
  parse: (data: string) => E | null,
): () => void {
  let stopped = false;
  let state: ConnectionState = 'connecting';
  let lastId: string | null = null;
  /** Reconnects since the last `ready`: the wait before the next one doubles with it. */
  let failures = 0;
  let controller: AbortController | null = null;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | null = null;
  let backoff: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState): void => {
    if (stopped || next === state) return;
    state = next;
    handlers.state(next);
  };

  const handle = (message: SseMessage): void => {
    if (message.id !== undefined) lastId = message.id;
    if (message.event === 'ready') {
      failures = 0;
      setState('open');
    } else if (message.event === 'resync') {
      handlers.resync();
    } else if ((message.event === undefined || message.event === 'message') && message.data !== undefined) {
      const event = parse(message.data);
      if (event) handlers.event(event);
    }
  };

  const once = async (): Promise<void> => {
    const current = new AbortController();
    controller = current;
    const aborted = new Promise<never>((_, reject) =>
      current.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
    );
    aborted.catch(() => undefined);
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        setState('lost');
        current.abort();
      }, SILENCE_MS);
    };
    arm();
    let reader: ReadableStreamDefaultReader<string> | null = null;
    try {
      const stream = await Promise.race([open(lastId, current.signal), aborted]);
      reader = stream.getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await Promise.race([reader.read(), aborted]);
        if (done) break;
        arm();
        for (const message of parser.feed(value)) {
          try {
            handle(message);
          } catch {
            // A listener's failure must not drop the connection or the id it carried.
          }
        }
      }
    } catch {
      // Unreachable, refused, aborted by the watchdog or by stop(): reconnect below unless stopped.
    } finally {
      clearTimeout(watchdog);
      current.abort();
      reader?.cancel().catch(() => undefined);
    }
  };

  const run = async (): Promise<void> => {
    while (!stopped) {
      await once();
      if (stopped) return;
      setState('lost');
      await new Promise<void>((resolve) => {
        wake = resolve;
        backoff = setTimeout(resolve, backoffDelay(failures, MIN_BACKOFF_MS, MAX_BACKOFF_MS));
      });
      wake = null;
      failures++;
    }
  };
  void run();

  return () => {
    stopped = true;
    clearTimeout(watchdog);
    clearTimeout(backoff);
    controller?.abort();
    wake?.();
  };
}
