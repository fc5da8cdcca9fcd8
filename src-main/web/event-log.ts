/**
 * The staff stream's memory: every staff event gets an id `<epoch>.<seq>` (seq counts up from 1 in this process; the
 * epoch is random per log, so an id handed out by an earlier hub process is recognised as foreign) and the last
 * `capacity` events are kept, so a window that reconnects with the last id it saw gets exactly what it missed.
 * When that cannot be known (another epoch, older than the buffer, a malformed id) the answer is `resync`: the
 * window reloads the queue from the database, where urgent alerts are persisted.
 */
import { randomBytes } from 'node:crypto';
import type { StaffEvent } from '../api/contract';

export const EVENT_LOG_CAPACITY = 1000;

/** What a client may send back: only ids this format can produce, nothing longer. */
const EVENT_ID = /^([0-9a-f]{8})\.(0|[1-9][0-9]{0,14})$/;

export interface LoggedEvent {
  id: string;
  event: StaffEvent;
}

export type Resume = { kind: 'fresh' } | { kind: 'replay'; events: LoggedEvent[] } | { kind: 'resync' };

export class StaffEventLog {
  readonly epoch: string;
  private seq = 0;
  private readonly buffer: { seq: number; event: StaffEvent }[] = [];

  constructor(
    private readonly capacity = EVENT_LOG_CAPACITY,
    epoch: string = randomBytes(4).toString('hex'),
  ) {
    if (!/^[0-9a-f]{8}$/.test(epoch)) throw new Error('An event log epoch is 8 hex digits.');
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('An event log keeps at least one event.');
    this.epoch = epoch;
  }

  /** The id of the latest event (`<epoch>.0` before any): a window that has seen it has missed nothing. */
  get head(): string {
    return this.idOf(this.seq);
  }

  append(event: StaffEvent): LoggedEvent {
    this.seq += 1;
    this.buffer.push({ seq: this.seq, event });
    if (this.buffer.length > this.capacity) this.buffer.splice(0, this.buffer.length - this.capacity);
    return { id: this.idOf(this.seq), event };
  }

  /**
   * What a window that last saw `lastId` needs. `undefined` or '' is a first connection (nothing to catch up on); any
   * other value must be an id of this log that is still covered by the buffer, or the answer is `resync`.
   */
  resume(lastId: string | undefined): Resume {
    if (lastId === undefined || lastId === '') return { kind: 'fresh' };
    const match = EVENT_ID.exec(lastId);
    if (!match || match[1] !== this.epoch) return { kind: 'resync' };
    const after = Number(match[2]);
    if (after > this.seq) return { kind: 'resync' };
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    // Events after `after` must all still be here: the first one wanted is after + 1.
    if (after + 1 < oldest) return { kind: 'resync' };
    return {
      kind: 'replay',
      events: this.buffer.filter((e) => e.seq > after).map((e) => ({ id: this.idOf(e.seq), event: e.event })),
    };
  }

  private idOf(seq: number): string {
    return `${this.epoch}.${seq}`;
  }
}
