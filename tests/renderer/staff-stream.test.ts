/**
 * The staff stream's reconnect rules (src-renderer/lib/staff-stream.ts), fake timers: silence, backoff, the id sent
 * on reconnect, replayed events and resync, and the connection state a window shows.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffEvent } from '../../src-main/api/contract';
import {
  MAX_BACKOFF_MS,
  MIN_BACKOFF_MS,
  SILENCE_MS,
  SseParser,
  startStaffStream,
  type ConnectionState,
} from '../../src-renderer/lib/staff-stream';

/** A fake transport: each open() is recorded and gets a stream the test writes to. */
function transport() {
  const opens: { lastEventId: string | null; signal: AbortSignal; push(text: string): void; end(): void }[] = [];
  let refuse = false;
  const open = (lastEventId: string | null, signal: AbortSignal): Promise<ReadableStream<string>> => {
    if (refuse) return Promise.reject(new Error('unreachable'));
    let controller!: ReadableStreamDefaultController<string>;
    const stream = new ReadableStream<string>({ start: (c) => void (controller = c) });
    opens.push({
      lastEventId,
      signal,
      push: (text) => controller.enqueue(text),
      end: () => controller.close(),
    });
    return Promise.resolve(stream);
  };
  return {
    open,
    opens,
    refuse: (value: boolean) => (refuse = value),
    last: () => opens[opens.length - 1]!,
  };
}

function recorder() {
  const events: StaffEvent[] = [];
  const states: ConnectionState[] = [];
  let resyncs = 0;
  return {
    events,
    states,
    resyncs: () => resyncs,
    handlers: {
      event: (e: StaffEvent) => void events.push(e),
      resync: () => void resyncs++,
      state: (s: ConnectionState) => void states.push(s),
    },
  };
}

const ready = (id: string) => `: connected\nid: ${id}\nevent: ready\ndata: {}\n\n`;
const frame = (id: string, event: StaffEvent) => `id: ${id}\ndata: ${JSON.stringify(event)}\n\n`;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SseParser', () => {
  it('splits messages across chunks, skips comments and reads id, event and data', () => {
    const p = new SseParser();
    expect(p.feed(': heartbeat\n\nid: a.1\nda')).toEqual([{}]);
    expect(p.feed('ta: {"type":"queue.changed"}\r\n\r\nevent: resync\ndata: {}\n\n')).toEqual([
      { id: 'a.1', data: '{"type":"queue.changed"}' },
      { event: 'resync', data: '{}' },
    ]);
  });
});

describe('startStaffStream', () => {
  it('is open after ready, hands on events, and calls a silent stream lost after 5 s', async () => {
    const t = transport();
    const r = recorder();
    const stop = startStaffStream(t.open, r.handlers);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.opens).toHaveLength(1);
    expect(t.last().lastEventId).toBeNull();
    t.last().push(ready('e.0'));
    t.last().push(frame('e.1', { type: 'queue.changed' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.states).toEqual(['open']);
    expect(r.events).toEqual([{ type: 'queue.changed' }]);

    // Heartbeats keep it open well past 5 s.
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(2000);
      t.last().push(': heartbeat\n\n');
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(r.states).toEqual(['open']);

    // Then silence: lost within 5 s, the stream aborted.
    await vi.advanceTimersByTimeAsync(SILENCE_MS - 1);
    expect(r.states).toEqual(['open']);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.states).toEqual(['open', 'lost']);
    expect(t.opens[0]!.signal.aborted).toBe(true);

    // Reconnects after the first backoff step, sending the last id seen; open again only after ready.
    await vi.advanceTimersByTimeAsync(MIN_BACKOFF_MS);
    expect(t.opens).toHaveLength(2);
    expect(t.last().lastEventId).toBe('e.1');
    expect(r.states).toEqual(['open', 'lost']);
    t.last().push(frame('e.2', { type: 'alert.urgent', sessionId: 3, urgency: 'emergency', checkInCode: 'Q3' }));
    t.last().push(ready('e.2'));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.events.map((e) => e.type)).toEqual(['queue.changed', 'alert.urgent']);
    expect(r.states).toEqual(['open', 'lost', 'open']);
    stop();
  });

  it('backs off 0.5 s doubling to 5 s while the hub is unreachable', async () => {
    const r = recorder();
    const attemptsAt: number[] = [];
    const refusing = (): Promise<ReadableStream<string>> => {
      attemptsAt.push(Date.now());
      return Promise.reject(new Error('unreachable'));
    };
    const stop = startStaffStream(refusing, r.handlers);
    // At most 400 steps of 100 ms of fake time.
    for (let step = 0; step < 400 && attemptsAt.length < 8; step++) {
      await vi.advanceTimersByTimeAsync(100);
    }
    stop();
    const waits = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
    expect(waits).toEqual([500, 1000, 2000, 4000, MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
    expect(r.states).toEqual(['lost']);
  });

  it('a stream that ends is lost at once; after ready the next wait is 0.5 s again', async () => {
    const t = transport();
    const r = recorder();
    const stop = startStaffStream(t.open, r.handlers);
    await vi.advanceTimersByTimeAsync(0);
    t.last().end();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.states).toEqual(['lost']);
    await vi.advanceTimersByTimeAsync(MIN_BACKOFF_MS);
    t.last().end();
    await vi.advanceTimersByTimeAsync(MIN_BACKOFF_MS * 2);
    expect(t.opens).toHaveLength(3);
    t.last().push(ready('e.0'));
    await vi.advanceTimersByTimeAsync(0);
    t.last().end();
    await vi.advanceTimersByTimeAsync(MIN_BACKOFF_MS);
    expect(t.opens).toHaveLength(4);
    expect(r.states).toEqual(['lost', 'open', 'lost']);
    stop();
  });

  it('a connection that hangs before answering is given up after 5 s', async () => {
    const r = recorder();
    const signals: AbortSignal[] = [];
    const hanging = (_: string | null, signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<ReadableStream<string>>(() => undefined);
    };
    const stop = startStaffStream(hanging, r.handlers);
    await vi.advanceTimersByTimeAsync(SILENCE_MS);
    expect(r.states).toEqual(['lost']);
    expect(signals[0]!.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(MIN_BACKOFF_MS);
    expect(signals).toHaveLength(2);
    stop();
    expect(signals[1]!.aborted).toBe(true);
  });

  it('resync is passed on and its id is the one sent next time; stop ends everything', async () => {
    const t = transport();
    const r = recorder();
    const stop = startStaffStream(t.open, r.handlers);
    await vi.advanceTimersByTimeAsync(0);
    t.last().push('id: f.9\nevent: resync\ndata: {}\n\n' + ready('f.9'));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.resyncs()).toBe(1);
    t.last().push('data: not json\n\n' + 'data: {"no":"type"}\n\n');
    t.last().end();
    await vi.advanceTimersByTimeAsync(MIN_BACKOFF_MS);
    expect(t.last().lastEventId).toBe('f.9');
    expect(r.events).toEqual([]);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.opens).toHaveLength(2);
    expect(t.last().signal.aborted).toBe(true);
    expect(r.states).toEqual(['open', 'lost']);
  });
});
