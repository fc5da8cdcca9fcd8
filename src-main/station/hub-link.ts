/**
 * A desktop station's only way to the hub: HTTPS to the paired address, trusting only the CA pinned at pairing
 * (pinning.ts), the device credential sent as the hub's cookie. No connection pooling: every request is its own TLS
 * handshake, so every connection is checked against the pin (a LAN handshake costs a few milliseconds).
 */
import { request, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { DEVICE_COOKIE } from '../hub/device-cookie';
import { PinMismatchError, pinnedTlsOptions } from './pinning';

export interface HubAddress {
  host: string;
  port: number;
}

/** Where the hub is and which CA it must present. */
export interface PinnedHub extends HubAddress {
  caPem: string;
  /** SHA-256 of the CA certificate, `AA:BB:…`, as the hub prints it. */
  caFingerprint: string;
}

export interface HubReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HubRequestOptions {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** A hub answer larger than this is not a Stride answer. */
const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** `host:port` as a Host header and URL authority want it (IPv6 in brackets). */
export function authority(hub: HubAddress): string {
  return `${hub.host.includes(':') ? `[${hub.host}]` : hub.host}:${hub.port}`;
}

export function hubOrigin(hub: HubAddress): string {
  return `https://${authority(hub)}`;
}

export function credentialCookie(credential: string): string {
  return `${DEVICE_COOKIE}=${credential}`;
}

/** TLS options for one request; `pin` null only for pairing's first look at the hub's CA (pairing.ts). */
export function tlsRequestOptions(
  hub: HubAddress,
  pin: { caPem: string; caFingerprint: string } | null,
): RequestOptions {
  return {
    host: hub.host,
    port: hub.port,
    // An IP address is not a valid SNI name (RFC 6066); the address is still checked against the certificate.
    servername: isIP(hub.host) ? '' : hub.host,
    agent: false,
    minVersion: 'TLSv1.2',
    ...(pin ? pinnedTlsOptions(pin.caPem, pin.caFingerprint) : { rejectUnauthorized: false }),
  };
}

const CERTIFICATE_ERRORS = /^(UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_|ERR_TLS_CERT_)/;

/** The connection was refused over the certificate: another CA (the pin), a wrong name, an expired certificate. */
export function isCertificateRefusal(e: unknown): boolean {
  if (e instanceof PinMismatchError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CERTIFICATE_ERRORS.test(code);
}

function collect(res: IncomingMessage): Promise<HubReply> {
  return new Promise((resolve, reject) => {
    let body = '';
    let size = 0;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      size += chunk.length;
      if (size > MAX_REPLY_BYTES) res.destroy(new Error('The hub sent an oversized reply.'));
      else body += chunk;
    });
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    res.on('error', reject);
  });
}

/**
 * One request. Rejects when the hub cannot be reached or presents another certificate (a PinMismatchError from
 * pinning.ts, or Node's own verification error); resolves with whatever status the hub answered.
 */
export function requestHub(
  hub: HubAddress,
  pin: { caPem: string; caFingerprint: string } | null,
  r: HubRequestOptions,
): Promise<HubReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...tlsRequestOptions(hub, pin),
        method: r.method ?? 'GET',
        path: r.path,
        headers: { Host: authority(hub), ...r.headers },
        timeout: r.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
      (res) => collect(res).then(resolve, reject),
    );
    req.on('timeout', () => req.destroy(new Error('The hub did not answer in time.')));
    req.on('error', reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

/**
 * `GET path` as a text stream that stays open (the hub's event stream). Rejects unless the hub answers 200; `signal`
 * ends it. `onStatus` hears a refusal's status first (401: the credential is no longer accepted).
 */
export function openHubStream(
  hub: PinnedHub,
  path: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  onStatus?: (status: number) => void,
): Promise<ReadableStream<string>> {
  return new Promise((resolve, reject) => {
    const req = request(
      { ...tlsRequestOptions(hub, hub), method: 'GET', path, headers: { Host: authority(hub), ...headers } },
      (res) => {
        if (res.statusCode !== 200) {
          onStatus?.(res.statusCode ?? 0);
          res.resume();
          reject(new Error(`The hub refused the event stream (${res.statusCode ?? 0}).`));
          return;
        }
        res.setEncoding('utf8');
        resolve(
          new ReadableStream<string>({
            start(controller) {
              let done = false;
              const finish = (e?: unknown) => {
                if (done) return;
                done = true;
                if (e === undefined) controller.close();
                else controller.error(e);
              };
              res.on('data', (chunk: string) => {
                if (!done) controller.enqueue(chunk);
              });
              res.on('end', () => finish());
              res.on('error', (e) => finish(e));
              res.on('close', () => finish());
            },
            cancel() {
              req.destroy();
            },
          }),
        );
      },
    );
    const abort = () => req.destroy(new Error('aborted'));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', abort));
    req.on('error', reject);
    req.end();
  });
}
