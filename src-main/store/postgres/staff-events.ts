/**
 * Staff events between hubs on one PostgreSQL: a hub NOTIFYs, every hub LISTENs on one dedicated connection (not
 * from the pool, whose connections come and go) and hears it pushed, with no poll loop. When that connection drops
 * (server restart, network cut, an administrator ending the session) it reconnects with a growing pause and tells
 * its subscribers to resync, since NOTIFYs sent meanwhile are not queued for it.
 */
import pg from 'pg';
import { staffEventMessageSchema, type StaffEventMessage } from '../clinic-store';

export const STAFF_EVENT_CHANNEL = 'stride_staff_events';
/** The application_name of the listening connection (seen in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'stride-staff-events';
const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 5_000;

interface Subscriber {
  listener: (event: StaffEventMessage) => void;
  onResync?: (() => void) | undefined;
}

export class PgStaffEventListener {
  private client: pg.Client | null = null;
  private readonly subscribers = new Set<Subscriber>();
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly config: pg.ClientConfig,
    /** A received payload that is not a staff event (another program on the channel): reported, not delivered. */
    private readonly onRejected: (reason: string) => void = () => undefined,
  ) {}

  async subscribe(s: Subscriber): Promise<() => Promise<void>> {
    this.subscribers.add(s);
    this.starting ??= this.connect(false);
    await this.starting;
    return async () => void this.subscribers.delete(s);
  }

  /** Whether the listening connection is up now (for tests and a health line). */
  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(isReconnect: boolean): Promise<void> {
    const client = new pg.Client({ ...this.config, application_name: LISTENER_APPLICATION_NAME });
    client.on('notification', (n) => {
      if (n.channel === STAFF_EVENT_CHANNEL && n.payload !== undefined) this.deliver(n.payload);
    });
    // Without an error listener a dropped connection would crash the hub.
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${STAFF_EVENT_CHANNEL}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      if (!isReconnect) throw e;
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    if (isReconnect) for (const s of this.subscribers) s.onResync?.();
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (!this.closed) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect(true);
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private deliver(payload: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      this.onRejected('not JSON');
      return;
    }
    const event = staffEventMessageSchema.safeParse(parsed);
    if (!event.success) {
      this.onRejected('not a staff event');
      return;
    }
    for (const s of this.subscribers) {
      try {
        s.listener(event.data);
      } catch {
        // One broken subscriber must not keep an urgent alert from the others.
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.subscribers.clear();
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}

/** NOTIFY from any connection (the pool's): delivered to every listener once the statement's transaction commits. */
export async function publishStaffEvent(queryable: pg.Pool | pg.ClientBase, event: StaffEventMessage): Promise<void> {
  const valid = staffEventMessageSchema.parse(event);
  await queryable.query('SELECT pg_notify($1, $2)', [STAFF_EVENT_CHANNEL, JSON.stringify(valid)]);
}
