/**
 * The hub: the web shell served over HTTPS with the hub's own certificate, where callers are paired devices (a cookie
 * holding the device credential) instead of per-launch tokens. The tokens still work from the hub machine itself
 * (loopback), which is how the first administrator gets in to pair the other devices.
 */
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StrideCore } from '../api/app';
import { DeviceAuthenticator } from '../api/pairing';
import { systemClock, type Clock } from '../core/clock';
import type { Logger } from '../core/log';
import { startWebShell, type ShellIdentity, type WebShell } from '../web/server';
import { AttemptLimiter, type LimiterOptions } from './attempt-limiter';
import { loadOrCreateHubCertificates, type HubCertificates } from './certificates';
import { deviceCookieHeader, hasDeviceCookie, readDeviceCookie } from './device-cookie';
import { isLoopbackAddress, type ListenAddress } from './listen';
import { handlePair } from './pair-route';
import { choosePairLanguage, PAIR_ASSETS, pairPageHtml } from './pair-page';
import { remoteAddress } from './http';
import { answerPlainHttpWithRedirect, type RawConnections } from './plain-http-redirect';
import { SECURITY_HEADERS } from '../web/server';

export const DEFAULT_PAIR_LIMITS: LimiterOptions = { perAddress: 5, global: 30, windowMs: 10 * 60_000 };
/**
 * Intakes one kiosk device may send in the window. A waiting room sees a few patients in ten minutes; a stolen kiosk
 * credential replaying submissions is stopped long before it fills the disk. Per device, never global: one tablet
 * misbehaving does not silence the others.
 */
export const DEFAULT_KIOSK_SUBMIT_LIMITS: LimiterOptions = {
  perAddress: 30,
  global: Number.MAX_SAFE_INTEGER,
  windowMs: 10 * 60_000,
};
/** A revoked device that keeps calling is audited at most this often. */
const REFUSAL_AUDIT_MS = 10 * 60_000;
const TAB_ID = /^[A-Za-z0-9_-]{8,64}$/;

export interface HubOptions {
  core: StrideCore;
  rendererDir: string;
  /** The folder holding stride.db; the certificates live in its `tls/`. */
  dataDir: string;
  listen: ListenAddress;
  /** Names and addresses for the certificate and the accepted Host/Origin (loopback is always added). */
  names: readonly string[];
  logger?: Logger;
  clock?: Clock;
  pairLimits?: LimiterOptions;
  /** Per kiosk device (the limiter's "address" is the device). */
  kioskSubmitLimits?: LimiterOptions;
}

export interface Hub {
  /** The first non-loopback origin, else the loopback one: what devices open. */
  origin: string;
  origins: string[];
  port: number;
  certificates: HubCertificates;
  /** Open only from the hub machine: the first administrator's way in. */
  localClinicianUrl: string;
  localKioskUrl: string;
  shell: WebShell;
  close(): Promise<void>;
}

function originFor(name: string, port: number): string {
  return new URL(`https://${name.includes(':') ? `[${name}]` : name}:${port}/`).origin;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const { core, logger } = options;
  const clock = options.clock ?? systemClock;
  // Real time, not the injected clock: peers check validity against their own clocks.
  const certificates = await loadOrCreateHubCertificates({ dataDir: options.dataDir, names: options.names });
  const auth = new DeviceAuthenticator(() => core.devices, clock);
  const limiter = new AttemptLimiter(options.pairLimits ?? DEFAULT_PAIR_LIMITS, () => clock.now().getTime());
  const submits = new AttemptLimiter(options.kioskSubmitLimits ?? DEFAULT_KIOSK_SUBMIT_LIMITS, () =>
    clock.now().getTime(),
  );

  /** Counts a kiosk device's intake; false (and a 429 sent, audited once per window) when it has sent too many. */
  async function kioskMaySubmit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const device = await auth.authenticate(readDeviceCookie(req.headers.cookie), remoteAddress(req));
    if (device?.role !== 'kiosk') return true;
    const key = `device:${device.id}`;
    const check = submits.check(key);
    if (check.allowed) {
      if (submits.fail(key))
        await core.devices.audit({
          actorType: 'system',
          action: 'device.submit-limited',
          targetType: 'device',
          targetId: device.id,
        });
      return true;
    }
    logger?.security('hub.submit-limited', { deviceId: device.id });
    const body = {
      ok: false,
      error: {
        code: 'unavailable',
        message: 'This kiosk has sent many intakes in a short time. Please ask at the front desk.',
        retryAt: check.retryAt.toISOString(),
      },
    };
    res.writeHead(429, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': String(Math.max(1, Math.ceil((check.retryAt.getTime() - clock.now().getTime()) / 1000))),
    });
    res.end(JSON.stringify(body));
    return false;
  }
  const callerKeys = new Map<number, Set<string>>();
  const lastRefusalAudit = new Map<number, number>();

  /** A cookie that names no active device: audit a revoked one (throttled), log the rest. */
  async function refusedCredential(credential: string | null, address: string | null): Promise<void> {
    const row = credential ? await core.devices.findByCredential(credential) : undefined;
    if (row?.revoked_at) {
      const now = clock.now().getTime();
      if (now - (lastRefusalAudit.get(row.id) ?? -Infinity) >= REFUSAL_AUDIT_MS) {
        lastRefusalAudit.set(row.id, now);
        await core.devices.audit({
          actorType: 'system',
          action: 'device.refused',
          targetType: 'device',
          targetId: row.id,
          detail: { reason: 'revoked', address },
        });
      }
    }
    logger?.security('hub.device-refused', { reason: row?.revoked_at ? 'revoked' : 'unknown', peer: address });
  }

  async function identify(
    req: IncomingMessage,
    byToken: (req: IncomingMessage) => 'kiosk' | 'staff' | null,
  ): Promise<ShellIdentity | null> {
    const tabHeader = String(req.headers['x-stride-tab'] ?? '');
    const tab = TAB_ID.test(tabHeader) ? tabHeader : 'default';
    const address = remoteAddress(req);
    if (hasDeviceCookie(req.headers.cookie)) {
      const credential = readDeviceCookie(req.headers.cookie);
      const device = await auth.authenticate(credential, address);
      if (!device) {
        await refusedCredential(credential, address);
        return null;
      }
      const key = `device:${device.id}:${tab}`;
      const keys = callerKeys.get(device.id) ?? new Set<string>();
      if (keys.size < 64) keys.add(key);
      callerKeys.set(device.id, keys);
      return { channel: device.role, key, tag: `device:${device.id}`, deviceId: device.id };
    }
    // The per-launch tokens are printed on the hub's console: only a browser on the hub machine may use them.
    if (!isLoopbackAddress(req.socket.remoteAddress)) return null;
    const channel = byToken(req);
    return channel ? { channel, key: `web:${channel}:${tab}` } : null;
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    if (url.pathname === '/ca.crt' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/x-x509-ca-cert',
        'Content-Disposition': 'attachment; filename="stride-clinic-ca.crt"',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : certificates.caCertPem);
      return true;
    }
    if (url.pathname === '/api/pair') {
      if (req.method !== 'POST') {
        res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'POST' }).end();
        return true;
      }
      handlePair(req, res, { devices: core.devices, clock, limiter, ...(logger ? { logger } : {}) }).catch(() => {
        if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS).end();
      });
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/api/call/intake.submit' && hasDeviceCookie(req.headers.cookie)) {
      // Handled here (a 429) only when the device is over its limit; otherwise the shell carries on as usual.
      if (!(await kioskMaySubmit(req, res))) return true;
    }
    const page =
      url.pathname === '/pair.html'
        ? { type: 'text/html; charset=utf-8', body: pairPage(url, req) }
        : PAIR_ASSETS[url.pathname as keyof typeof PAIR_ASSETS];
    if (page && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': page.type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : page.body);
      return true;
    }
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname.endsWith('.html'))) {
      const credential = readDeviceCookie(req.headers.cookie);
      const device = credential ? await auth.authenticate(credential, remoteAddress(req)) : null;
      // The front door: a paired device goes to its own screen, an unpaired one (off the hub machine) to pairing.
      if (url.pathname === '/' && (device || !isLoopbackAddress(req.socket.remoteAddress))) {
        const to = device ? (device.role === 'kiosk' ? '/kiosk.html' : '/clinician.html') : '/pair.html';
        res.writeHead(302, {
          ...SECURITY_HEADERS,
          Location: to,
          'Cache-Control': 'no-store',
          ...(device && credential ? { 'Set-Cookie': deviceCookieHeader(credential) } : {}),
        });
        res.end();
        return true;
      }
      // A paired device loading a page gets its cookie again, so the browser's 400-day limit starts over.
      if (device && credential) res.setHeader('Set-Cookie', deviceCookieHeader(credential));
    }
    return false;
  }

  const originsFor = (port: number) => {
    const all = certificates.names.map((n) => originFor(n, port));
    const network = all.filter((o) => !/^https:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(o));
    return [...network, ...all.filter((o) => !network.includes(o))];
  };

  /** The pairing page in the language asked for, the browser's, or the clinic's first. */
  function pairPage(url: URL, req: IncomingMessage): string {
    const offered = core.kioskLanguages();
    const language = choosePairLanguage(offered, url.searchParams.get('lang'), req.headers['accept-language']);
    if (!language) throw new Error('No kiosk language is loaded.');
    return pairPageHtml(offered, language);
  }

  let rawConnections: RawConnections | undefined;
  const shell = await startWebShell({
    core,
    rendererDir: options.rendererDir,
    port: options.listen.port,
    ...(logger ? { logger } : {}),
    hub: {
      host: options.listen.host,
      createServer: (listener) => {
        const server = createHttpsServer(
          { cert: certificates.certPem, key: certificates.keyPem, minVersion: 'TLSv1.2' },
          listener,
        );
        rawConnections = answerPlainHttpWithRedirect(server, () => originsFor((server.address() as AddressInfo).port));
        return server;
      },
      origins: originsFor,
      identify,
      route,
    },
  });

  const unsubscribe = core.coreEvents.subscribe((event) => {
    if (event.type !== 'device.revoked') return;
    shell.closeStreams(`device:${event.deviceId}`);
    for (const key of callerKeys.get(event.deviceId) ?? []) core.forgetCaller(key);
    callerKeys.delete(event.deviceId);
  });

  const origins = originsFor(shell.port);
  const loopback = originFor('127.0.0.1', shell.port);
  core.setNetworkIdentity({
    origins: origins.length ? origins : [loopback],
    caFingerprint: certificates.caFingerprint,
  });
  return {
    origin: origins[0] ?? loopback,
    origins,
    port: shell.port,
    certificates,
    localClinicianUrl: `${loopback}/clinician.html#token=${shell.tokens.staff}`,
    localKioskUrl: `${loopback}/kiosk.html#token=${shell.tokens.kiosk}`,
    shell,
    close: async () => {
      unsubscribe();
      core.setNetworkIdentity(null);
      const closed = shell.close();
      rawConnections?.destroyAll();
      await closed;
    },
  };
}
