/**
 * The web shell: the same contract as the Electron IPC, over HTTP on 127.0.0.1, for browser tests and for machines
 * without the Electron binary. Each role has its own random token for this launch; the kiosk token can only call
 * kiosk methods because the dispatcher sees the kiosk channel.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { StrideCore } from '../api/app';
import type { Caller } from '../api/dispatch';
import { HELD_FOR_HEADER } from '../core/held-intake';
import { parseHeldFor } from './held-for-header';
import type { Channel, StaffEvent } from '../api/contract';
import { CONTENT_TYPES, resolveStaticPath } from './static-files';
import { RENDERER_CSP } from './csp';
import { StaffEventLog } from './event-log';
import type { Logger } from '../core/log';

export const MAX_BODY_BYTES = 256 * 1024;
/** A client that has not sent its headers by then, or the whole request, is cut off (a slow-loris costs nothing). */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** Open sockets at once: a clinic has a handful of screens, each with a few requests and one event stream. */
export const MAX_CONNECTIONS = 128;
export const LAUNCH_CODE_MS = 60_000;
const TAB_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Open streams hear something this often; the renderer calls a stream lost after 5 s of silence. */
export const HEARTBEAT_MS = 2_000;

export interface WebShellOptions {
  core: StrideCore;
  rendererDir: string;
  port?: number;
  /** Refused requests are security events; the logger keeps no patient data. */
  logger?: Logger;
  /**
   * How the hub (src-main/hub/server.ts) mounts this shell on the clinic network; absent for the loopback web shell.
   */
  hub?: ShellHooks;
  /** Tests shorten these; the defaults are HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS and MAX_CONNECTIONS. */
  limits?: Partial<ServerLimits>;
}

export interface ServerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnections: number;
}

/** Who is calling. `tag` groups a caller's event streams so they can be closed together (a revoked device). */
export interface ShellIdentity extends Caller {
  tag?: string;
}

export interface ShellHooks {
  /** Listen address; the web shell itself only ever uses 127.0.0.1. */
  host: string;
  /** Makes the server (node:https for the hub). */
  createServer(listener: RequestListener): Server;
  /** The origins pages may come from, once the port is known; their host parts are the Host headers accepted. */
  origins(port: number): string[];
  /** Replaces the per-launch tokens; `byToken` is the web shell's own check, for the hub to use on loopback. */
  identify(
    req: IncomingMessage,
    byToken: (req: IncomingMessage) => Channel | null,
  ): ShellIdentity | null | Promise<ShellIdentity | null>;
  /** Runs first for every request that passed the Host/Origin check: the hub's own routes (pairing, CA download) return
   * true when handled; it may also set a header (a refreshed cookie) and return false to let the shell answer. The hub
   * reads its devices from the store, so both may answer later. */
  route?(req: IncomingMessage, res: ServerResponse, url: URL): boolean | Promise<boolean>;
}

export interface WebShell {
  origin: string;
  port: number;
  kioskUrl: string;
  clinicianUrl: string;
  tokens: Record<Channel, string>;
  /**
   * A single-use address (valid for a minute) that forwards a browser to the role's page with its token: what a
   * browser's command line carries instead of the token, which other local accounts could read in the process list.
   */
  launchUrl(channel: Channel): string;
  /** Ends every event stream opened under this tag. */
  closeStreams(tag: string): void;
  close(): Promise<void>;
}

export const SECURITY_HEADERS = {
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

function transportError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, { ok: false, error: { code: status === 413 ? 'invalid_input' : 'forbidden', message } }, headers);
}

const digest = (s: string) => createHash('sha256').update(s).digest();
/** Compares a presented token with ours in constant time (hashing first makes the lengths equal). */
export function sameToken(presented: string, ours: string): boolean {
  return timingSafeEqual(digest(presented), digest(ours));
}

const REFUSAL_KIND: Record<number, string> = {
  401: 'web.bad-token',
  403: 'web.untrusted-request',
  413: 'web.oversized-body',
  415: 'web.not-json',
};

function eventFrame(id: string, event: StaffEvent): string {
  return `id: ${id}\ndata: ${JSON.stringify(event)}\n\n`;
}

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

export async function startWebShell({
  core,
  rendererDir,
  port = 0,
  logger,
  hub,
  limits = {},
}: WebShellOptions): Promise<WebShell> {
  const tokens: Record<Channel, string> = {
    kiosk: randomBytes(24).toString('hex'),
    staff: randomBytes(24).toString('hex'),
  };
  const eventStreams = new Map<ServerResponse, string | undefined>();
  const launchCodes = new Map<string, { channel: Channel; expires: number }>();
  let trustedOrigins: string[] = [];

  function channelOf(req: IncomingMessage): Channel | null {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    // Both compared every time, so the answer's timing says nothing about which one nearly matched.
    const kiosk = sameToken(token, tokens.kiosk);
    const staff = sameToken(token, tokens.staff);
    return kiosk ? 'kiosk' : staff ? 'staff' : null;
  }

  function identify(req: IncomingMessage): ShellIdentity | null | Promise<ShellIdentity | null> {
    if (hub) return hub.identify(req, channelOf);
    const channel = channelOf(req);
    if (!channel) return null;
    const tab = String(req.headers['x-stride-tab'] ?? '');
    return { channel, key: `web:${channel}:${TAB_ID.test(tab) ? tab : 'default'}` };
  }

  /** Only pages we served may call: same origin, our Host (defeats DNS rebinding), no cross-site form posts. */
  function trustedRequest(req: IncomingMessage): boolean {
    const host = req.headers.host ?? '';
    if (!trustedOrigins.some((o) => new URL(o).host === host)) return false;
    const from = req.headers.origin;
    return from === undefined || trustedOrigins.includes(from);
  }

  function refuse(res: ServerResponse, status: number, message: string): void {
    const kind = REFUSAL_KIND[status];
    if (kind) logger?.security(kind, { status });
    // A refused client gets its answer and loses the connection: no keep-alive socket to try again on.
    transportError(res, status, message, { Connection: 'close' });
    res.once('finish', () => res.socket?.destroySoon());
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const caller = await identify(req);
    if (!caller)
      return refuse(res, 401, 'This page is not allowed to talk to Stride. Reopen it from the address Stride printed.');
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
    // A wait that is not one is set aside, never a reason to refuse: a kiosk outbox deletes an intake the hub refuses
    // as invalid, and a patient's answers must not be lost over when they are filed. Our senders never send one.
    const heldFor = parseHeldFor(req.headers[HELD_FOR_HEADER]);
    if (!heldFor.ok) logger?.security('web.held-for-ignored', { channel: caller.channel });
    const { tag: _tag, ...identified } = caller;
    const dispatchCaller =
      heldFor.ok && heldFor.ms !== undefined ? { ...identified, heldForMs: heldFor.ms } : identified;
    send(res, 200, await core.dispatch(dispatchCaller, method, payload));
  }

  /**
   * A staff stream: `Last-Event-ID` (or `?after=`) names the last event the window saw; what it missed is replayed,
   * or `resync` tells it to reload from the database. The `ready` message comes last: the window is caught up.
   */
  async function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const caller = await identify(req);
    if (caller?.channel !== 'staff') return refuse(res, 401, 'Only staff windows receive events.');
    // Gone while its device was looked up: nothing to stream to.
    if (res.destroyed) return;
    const header = req.headers['last-event-id'];
    const lastId = typeof header === 'string' ? header : (url.searchParams.get('after') ?? undefined);
    const resume = eventLog.resume(lastId);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    if (resume.kind === 'replay') for (const e of resume.events) res.write(eventFrame(e.id, e.event));
    if (resume.kind === 'resync') res.write(`id: ${eventLog.head}\nevent: resync\ndata: {}\n\n`);
    res.write(`: connected\nid: ${eventLog.head}\nevent: ready\ndata: {}\n\n`);
    eventStreams.set(res, caller.tag);
    req.on('close', () => eventStreams.delete(res));
  }

  const eventLog = new StaffEventLog();
  const unsubscribe = core.events.subscribe((event: StaffEvent) => {
    const logged = eventLog.append(event);
    const frame = eventFrame(logged.id, logged.event);
    for (const res of eventStreams.keys()) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of eventStreams.keys()) res.write(': heartbeat\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  /** Spends a launch code: forwards to the page with its token in the fragment (never sent to a server or logged). */
  function handleLaunch(res: ServerResponse, code: string): void {
    const entry = launchCodes.get(code);
    launchCodes.delete(code);
    if (!entry || entry.expires < Date.now()) {
      res.writeHead(410, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end('This launch address was already used or has expired. Open the address Stride printed.');
      return;
    }
    const page = entry.channel === 'kiosk' ? 'kiosk' : 'clinician';
    res.writeHead(303, {
      ...SECURITY_HEADERS,
      Location: `/${page}.html#token=${tokens[entry.channel]}`,
      'Cache-Control': 'no-store',
    });
    res.end();
  }

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

  const listener: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!trustedRequest(req)) return refuse(res, 403, 'Requests must come from the Stride pages themselves.');
    const routed = hub?.route?.(req, res, url) ?? false;
    if (routed === true) return;
    if (routed === false) return serve(req, res, url);
    routed.then(
      (handled) => {
        if (!handled) serve(req, res, url);
      },
      () => {
        if (!res.headersSent) transportError(res, 500, 'The request could not be handled.');
      },
    );
  };

  /** What the shell answers itself (after the hub's routes passed a request on). */
  const serve = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const call = /^\/api\/call\/([a-zA-Z.]{1,64})$/.exec(url.pathname);
    if (call && req.method === 'POST') {
      handleCall(req, res, call[1] ?? '').catch(() => transportError(res, 500, 'The request could not be read.'));
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      handleEvents(req, res, url).catch(() => transportError(res, 500, 'The request could not be read.'));
      return;
    }
    const launch = /^\/launch\/([0-9a-f]{48})$/.exec(url.pathname);
    if (launch && req.method === 'GET') return handleLaunch(res, launch[1]!);
    if (url.pathname.startsWith('/api/')) return transportError(res, 404, 'Not found.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return transportError(res, 405, 'Method not allowed.');
    handleStatic(req, res, url.pathname).catch(() => transportError(res, 500, 'Could not read the file.'));
  };
  const headersTimeout = limits.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const requestTimeout = limits.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node checks the timeouts on this interval: a fraction of the shortest, so a stalled client is cut off promptly.
  const connectionsCheckingInterval = Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4)));
  const server = hub
    ? hub.createServer(listener)
    : createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval }, listener);
  server.headersTimeout = headersTimeout;
  server.requestTimeout = requestTimeout;
  server.maxConnections = limits.maxConnections ?? MAX_CONNECTIONS;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    // Loopback only: the clinic network never sees this server.
    server.listen(port, hub?.host ?? '127.0.0.1', () => resolveListen());
  });
  const actualPort = (server.address() as AddressInfo).port;
  trustedOrigins = hub ? hub.origins(actualPort) : [`http://127.0.0.1:${actualPort}`, `http://localhost:${actualPort}`];
  const origin = trustedOrigins[0] ?? '';

  return {
    origin,
    port: actualPort,
    tokens,
    kioskUrl: `${origin}/kiosk.html#token=${tokens.kiosk}`,
    clinicianUrl: `${origin}/clinician.html#token=${tokens.staff}`,
    launchUrl: (channel) => {
      const code = randomBytes(24).toString('hex');
      launchCodes.set(code, { channel, expires: Date.now() + LAUNCH_CODE_MS });
      return `${origin}/launch/${code}`;
    },
    closeStreams: (tag) => {
      for (const [res, t] of eventStreams) if (t === tag) res.end();
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        unsubscribe();
        clearInterval(heartbeat);
        for (const res of eventStreams.keys()) res.end();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
