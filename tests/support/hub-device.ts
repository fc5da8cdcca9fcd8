/**
 * A paired device talking to a hub the way a station does: one keep-alive TLS agent (at most 6 connections, like a
 * browser per host) trusting only the hub's CA and pinning its fingerprint, the device cookie after pairing, and a
 * tab id. Used where many devices run in one process: the load benchmark and the hub-kill test.
 */
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { pinnedTlsOptions } from '../../src-main/station/pinning';

export interface HubTarget {
  /** The hub's IP address as this station reaches it. */
  host: string;
  port: number;
  ca: string;
  caFingerprint: string;
}

export interface DeviceReply {
  status: number;
  body: string;
}

/** One server-sent event as the stream carries it. */
export interface StreamMessage {
  id: string | null;
  event: string | null;
  data: string;
}

export interface EventStream {
  /** Resolves at the stream's `ready` message (the hub has taken the stream on). */
  ready: Promise<void>;
  close(): void;
}

export class HubDevice {
  private readonly agent: Agent;
  private cookie = '';

  constructor(
    private readonly target: HubTarget,
    /** Sent as X-Stride-Tab: unlock state is held per device and tab. */
    readonly tab: string,
    maxSockets = 6,
  ) {
    const tls = pinnedTlsOptions(target.ca, target.caFingerprint);
    this.agent = new Agent({
      keepAlive: true,
      maxSockets,
      // With a timeout set, node also honours the hub's `Keep-Alive: timeout=5` and drops an idle connection a second
      // before the hub would: no request is written into a connection the hub is closing (ECONNRESET).
      timeout: 60_000,
      ca: tls.ca,
      checkServerIdentity: tls.checkServerIdentity,
    });
  }

  get origin(): string {
    return `https://${this.target.host}:${this.target.port}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      Host: `${this.target.host}:${this.target.port}`,
      'X-Stride-Tab': this.tab,
      ...(this.cookie ? { Cookie: this.cookie } : {}),
      ...extra,
    };
  }

  post(path: string, payload: unknown, timeoutMs = 10_000): Promise<DeviceReply> {
    const body = JSON.stringify(payload);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.target.host,
          port: this.target.port,
          // An IP address is not a valid SNI name: '' sends none, and the address is checked against the certificate.
          servername: '',
          method: 'POST',
          path,
          agent: this.agent,
          headers: this.headers({ 'Content-Type': 'application/json', Origin: this.origin }),
          timeout: timeoutMs,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            if (res.statusCode === 200 && path === '/api/pair') this.cookie = cookieOf(res);
            resolve({ status: res.statusCode ?? 0, body: text });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no reply within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Redeems a pairing code; the device cookie is kept for every later call. */
  async pair(code: string): Promise<void> {
    const r = await this.post('/api/pair', { code });
    if (r.status !== 200 || !this.cookie) throw new Error(`pairing refused: ${r.status} ${r.body}`);
  }

  /** A contract call; the parsed `{ok, value | error}` envelope, or a thrown error for a transport failure. */
  async call(method: string, payload: unknown, timeoutMs = 10_000): Promise<{ status: number; result: unknown }> {
    const r = await this.post(`/api/call/${method}`, payload, timeoutMs);
    let result: unknown = null;
    try {
      result = JSON.parse(r.body);
    } catch {
      // a proxy's or a dying server's non-JSON answer: the status says enough
    }
    return { status: r.status, result };
  }

  /** Opens GET /api/events on its own connection and hands every message to `onMessage`, with its arrival time. */
  openEvents(onMessage: (m: StreamMessage, arrivedAt: number) => void): EventStream {
    let markReady: () => void = () => undefined;
    let fail: (e: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      fail = reject;
    });
    const tls = pinnedTlsOptions(this.target.ca, this.target.caFingerprint);
    const req = request({
      host: this.target.host,
      port: this.target.port,
      servername: '',
      path: '/api/events',
      agent: false,
      ...tls,
      headers: this.headers({ Accept: 'text/event-stream' }),
    });
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        fail(new Error(`event stream refused: ${res.statusCode}`));
        res.resume();
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const arrivedAt = performance.timeOrigin + performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = parseMessage(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!message) continue;
          if (message.event === 'ready') markReady();
          onMessage(message, arrivedAt);
        }
      });
    });
    req.on('error', (e) => fail(e));
    req.end();
    return { ready, close: () => req.destroy() };
  }

  close(): void {
    this.agent.destroy();
  }
}

function cookieOf(res: IncomingMessage): string {
  return (res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
}

/** One SSE block; comment-only blocks (heartbeats) are null. */
function parseMessage(block: string): StreamMessage | null {
  let id: string | null = null;
  let event: string | null = null;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  return event === null && data.length === 0 ? null : { id, event, data: data.join('\n') };
}
