/**
 * TLS options for a station that paired with a hub: trust only that hub's CA, and also insist that the chain the hub
 * presents ends in the CA whose SHA-256 fingerprint was recorded at pairing. The second check still holds when the
 * machine trusts other CAs too (a system store, a second clinic's hub), so another hub on the same address is refused.
 */
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

export class PinMismatchError extends Error {
  constructor(readonly presented: string[]) {
    super(
      'The hub presented a certificate from another authority than the one this station paired with. ' +
        'Refusing to connect.',
    );
    this.name = 'PinMismatchError';
  }
}

/** `AA:BB:...` upper case, as node prints fingerprint256. */
export function normaliseFingerprint(fp: string): string {
  const hex = fp.replace(/[^0-9a-f]/gi, '').toUpperCase();
  if (hex.length !== 64) throw new Error('A SHA-256 fingerprint has 64 hexadecimal digits.');
  return hex.match(/../g)!.join(':');
}

/** Fingerprints of the presented chain, leaf first, up to the trust anchor node verified it against. */
export function chainFingerprints(cert: PeerCertificate): string[] {
  const out: string[] = [];
  let current: PeerCertificate | undefined = cert;
  // Bounded: a self-signed anchor points at itself.
  for (let i = 0; current && i < 10; i++) {
    if (!out.includes(current.fingerprint256)) out.push(current.fingerprint256);
    const next: PeerCertificate | undefined = (current as PeerCertificate & { issuerCertificate?: PeerCertificate })
      .issuerCertificate;
    if (!next || next === current) break;
    current = next;
  }
  return out;
}

export interface PinnedTls {
  ca: string | string[];
  checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined;
}

export function pinnedTlsOptions(ca: string | string[], caFingerprint: string): PinnedTls {
  const pin = normaliseFingerprint(caFingerprint);
  return {
    ca,
    checkServerIdentity(host, cert) {
      const nameError = checkServerIdentity(host, cert);
      if (nameError) return nameError;
      const chain = chainFingerprints(cert);
      return chain.includes(pin) ? undefined : new PinMismatchError(chain);
    },
  };
}
