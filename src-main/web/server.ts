/**
 * The web shell: the same contract as the Electron IPC, over HTTP on 127.0.0.1, for browser tests and for machines
 * without the Electron binary. Each role has its own random token for this launch; the kiosk token can only call
 * kiosk methods because the dispatcher sees the kiosk channel.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { StrideCore } from '../api/app';
import type { Caller } from '../api/dispatch';
import type { Channel, StaffEvent } from '../api/contract';
import { CONTENT_TYPES, resolveStaticPath } from './static-files';
import { RENDERER_CSP } from './csp';
import type { Logger } from '../core/log';

export const MAX_BODY_BYTES = 256 * 1024;
const TAB_ID = /^[A-Za-z0-9_-]{8,64}$/;

export interface WebShellOptions {
  core: StrideCore;
  rendererDir: string;
  port?: number;
  /** Refused requests are security events; the logger keeps no patient data. */
  logger?: Logger;
}

export interface WebShell {
  origin: string;
  port: number;
  kioskUrl: string;
  clinicianUrl: string;
  tokens: Record<Channel, string>;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
} as const;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function transportError(res: ServerResponse, status: number, message: string): void {
  send(res, status, { ok: false, error: { code: status === 413 ? 'invalid_input' : 'forbidden', message } });
}

const REFUSAL_KIND: Record<number, string> = { 401: 'web.bad-token', 403: 'web.untrusted-request', 413: 'web.oversized-body', 415: 'web.not-json' };

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebShell({ core, rendererDir, port = 0, logger }: WebShellOptions): Promise<WebShell> {
  const tokens: Record<Channel, string> = {
    kiosk: randomBytes(24).toString('hex'),
    staff: randomBytes(24).toString('hex'),
  };
  const eventStreams = new Set<ServerResponse>();
  let origin = '';
  let hostPort = '';

  function channelOf(req: IncomingMessage): Channel | null {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (token === tokens.kiosk) return 'kiosk';
    if (token === tokens.staff) return 'staff';
    return null;
  }

  /** Only pages we served may call: same origin, our Host (defeats DNS rebinding), no cross-site form posts. */
  function trustedRequest(req: IncomingMessage): boolean {
    const host = req.headers.host ?? '';
    if (host !== hostPort && host !== `localhost:${hostPort.split(':')[1]}`) return false;
    const from = req.headers.origin;
    return from === undefined || from === origin || from === origin.replace('127.0.0.1', 'localhost');
  }

  function refuse(res: ServerResponse, status: number, message: string): void {
    const kind = REFUSAL_KIND[status];
    if (kind) logger?.security(kind, { status });
    transportError(res, status, message);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const channel = channelOf(req);
    if (!channel) return refuse(res, 401, 'This page is not allowed to talk to Stride. Reopen it from the address Stride printed.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'Requests must be JSON.');
    }
    const raw = await readBody(req);
    if (raw === null) return refuse(res, 413, 'The request is too large.');
    let payload: unknown;
    try {
      payload = raw === '' ? {} : JSON.parse(raw);
    } catch {
      return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'The request is not valid JSON.' } });
    }
    const tab = String(req.headers['x-stride-tab'] ?? '');
    const caller: Caller = { channel, key: `web:${channel}:${TAB_ID.test(tab) ? tab : 'default'}` };
    send(res, 200, await core.dispatch(caller, method, payload));
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (channelOf(req) !== 'staff') return refuse(res, 401, 'Only staff windows receive events.');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    eventStreams.add(res);
    req.on('close', () => eventStreams.delete(res));
  }

  const unsubscribe = core.events.subscribe((event: StaffEvent) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of eventStreams) res.write(line);
  });
  const keepAlive = setInterval(() => {
    for (const res of eventStreams) res.write(': ping\n\n');
  }, 15_000);
  keepAlive.unref();

  async function handleStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const file = resolveStaticPath(rendererDir, path === '/' ? '/kiosk.html' : path);
    if (!file) return transportError(res, 404, 'Not found.');
    try {
      const body = await readFile(file);
      const isHtml = extname(file) === '.html';
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      transportError(res, 404, 'Not found.');
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!trustedRequest(req)) return refuse(res, 403, 'Requests must come from the Stride pages themselves.');
    const call = /^\/api\/call\/([a-zA-Z.]{1,64})$/.exec(url.pathname);
    if (call && req.method === 'POST') {
      handleCall(req, res, call[1] ?? '').catch(() => transportError(res, 500, 'The request could not be read.'));
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return handleEvents(req, res);
    if (url.pathname.startsWith('/api/')) return transportError(res, 404, 'Not found.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return transportError(res, 405, 'Method not allowed.');
    handleStatic(req, res, url.pathname).catch(() => transportError(res, 500, 'Could not read the file.'));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    // Loopback only: the clinic network never sees this server.
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const actualPort = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${actualPort}`;
  hostPort = `127.0.0.1:${actualPort}`;

  return {
    origin,
    port: actualPort,
    tokens,
    kioskUrl: `${origin}/kiosk.html#token=${tokens.kiosk}`,
    clinicianUrl: `${origin}/clinician.html#token=${tokens.staff}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        unsubscribe();
        clearInterval(keepAlive);
        for (const res of eventStreams) res.end();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
