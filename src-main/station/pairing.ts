/**
 * Pairing a desktop station: the admin types the hub's address, the CA fingerprint the hub shows, and the one-time
 * code. The station first fetches the hub's CA certificate and compares its fingerprint with the typed one; only when
 * they match is the code sent, over a connection pinned to that CA, so an impostor on the address never sees a code.
 * The reply's `__Host-stride-device` cookie is the device credential, kept in credential-file.ts.
 */
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { readDeviceCookie } from '../hub/device-cookie';
import { DEFAULT_HUB_PORT } from '../hub/listen';
import { hubOrigin, isCertificateRefusal, requestHub, type HubAddress, type HubReply } from './hub-link';
import { normaliseFingerprint } from './pinning';
import type { StationCredential } from './credential-file';

export type PairingFailure =
  'bad-address' | 'bad-fingerprint' | 'unreachable' | 'fingerprint-mismatch' | 'refused' | 'unexpected-reply';

export type PairingOutcome =
  { ok: true; credential: StationCredential } | { ok: false; reason: PairingFailure; message: string };

export interface PairingRequest {
  /** As the hub prints it: `192.168.1.20`, `hub.clinic.lan:8443`, `https://[fd00::5]:8443/`. */
  address: string;
  /** The CA fingerprint the hub shows (SHA-256; colons, spaces and case do not matter). */
  fingerprint: string;
  code: string;
  timeoutMs?: number;
  now?: () => Date;
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The hub's host and port from what an admin typed, or null. Only https, no path beyond `/`. */
export function parseHubAddress(text: string): HubAddress | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 300) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== '/' && url.pathname !== '') return null;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!host.includes(':') && !HOST_NAME.test(host)) return null;
  return { host, port: url.port ? Number(url.port) : DEFAULT_HUB_PORT };
}

const pairReplySchema = z.object({
  ok: z.literal(true),
  value: z.object({
    deviceId: z.number().int().positive(),
    name: z.string().min(1).max(200),
    role: z.enum(['kiosk', 'staff']),
  }),
});
const refusalSchema = z.object({ ok: z.literal(false), error: z.object({ message: z.string().max(500) }) });

const failure = (reason: PairingFailure, message: string): PairingOutcome => ({ ok: false, reason, message });

function refusalMessage(reply: HubReply): string {
  try {
    const r = refusalSchema.safeParse(JSON.parse(reply.body));
    if (r.success) return r.data.error.message;
  } catch {
    // not JSON
  }
  return `The hub refused the pairing (HTTP ${reply.status}).`;
}

/** Why the pinned connection carrying the code was refused, in words; null when it was not the certificate. */
export function certificateFailure(e: unknown): PairingOutcome | null {
  // The CA is the right one, but the hub's certificate does not name the address typed (a name it does not know).
  if ((e as { code?: unknown } | null)?.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return failure(
      'bad-address',
      'The hub does not know itself by this address. Type one of the addresses it shows (Settings → This computer).',
    );
  if (isCertificateRefusal(e))
    return failure('fingerprint-mismatch', 'The hub changed certificate during pairing. The code was not sent.');
  return null;
}

export async function pairWithHub(req: PairingRequest): Promise<PairingOutcome> {
  const hub = parseHubAddress(req.address);
  if (!hub) return failure('bad-address', 'Type the hub address as it shows it, for example 192.168.1.20:8443.');
  let expected: string;
  try {
    expected = normaliseFingerprint(req.fingerprint);
  } catch {
    return failure('bad-fingerprint', 'The fingerprint has 64 letters and digits (0–9, A–F), as the hub shows it.');
  }
  const timeout = req.timeoutMs ? { timeoutMs: req.timeoutMs } : {};

  // 1. The CA certificate, not yet trusted: it is only believed when its fingerprint is the one the admin typed.
  let caReply: HubReply;
  try {
    caReply = await requestHub(hub, null, { path: '/ca.crt', headers: { Origin: hubOrigin(hub) }, ...timeout });
  } catch {
    return failure('unreachable', 'The hub cannot be reached at this address. Check the address and the network.');
  }
  if (caReply.status !== 200)
    return failure('unexpected-reply', `The hub did not offer its certificate (HTTP ${caReply.status}).`);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(caReply.body);
  } catch {
    return failure('unexpected-reply', 'The hub did not offer a valid certificate.');
  }
  if (cert.fingerprint256 !== expected) {
    return failure(
      'fingerprint-mismatch',
      'The certificate at this address has another fingerprint than the one you typed. Check both; if they are ' +
        'right, something else is answering at this address. The pairing code was not sent.',
    );
  }
  if (!cert.ca)
    return failure('unexpected-reply', 'The hub offered a certificate that is not a certificate authority.');
  const caPem = cert.toString();

  // 2. The code, over a connection that must end in that CA.
  let reply: HubReply;
  try {
    reply = await requestHub(
      hub,
      { caPem, caFingerprint: expected },
      {
        method: 'POST',
        path: '/api/pair',
        headers: { 'Content-Type': 'application/json', Origin: hubOrigin(hub) },
        body: JSON.stringify({ code: req.code.slice(0, 40) }),
        ...timeout,
      },
    );
  } catch (e) {
    const refusal = certificateFailure(e);
    if (refusal) return refusal;
    return failure('unreachable', 'The hub stopped answering during pairing. Try again.');
  }
  if (reply.status !== 200) return failure('refused', refusalMessage(reply));
  const setCookie = reply.headers['set-cookie'] ?? [];
  const credential = setCookie.length === 1 ? readDeviceCookie((setCookie[0] ?? '').split(';')[0]) : null;
  let value: z.infer<typeof pairReplySchema>['value'];
  try {
    const parsed = pairReplySchema.safeParse(JSON.parse(reply.body));
    if (!parsed.success || !credential) return failure('unexpected-reply', 'The hub paired but sent no credential.');
    value = parsed.data.value;
  } catch {
    return failure('unexpected-reply', 'The hub answered with something unexpected.');
  }
  return {
    ok: true,
    credential: {
      format: 1,
      hub,
      caPem,
      caFingerprint: expected,
      role: value.role,
      deviceId: value.deviceId,
      deviceName: value.name,
      credential,
      pairedAt: (req.now?.() ?? new Date()).toISOString(),
    },
  };
}
