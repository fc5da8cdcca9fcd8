/**
 * @peculiar/x509, loaded only when the hub makes a certificate (its first start, a renewal, new names), not at every
 * start: with reflect-metadata and the tsyringe it needs it takes about 90 ms to load here, a third of a hub's start
 * (docs/performance.md, "The hub's start"). Reading a certificate needs only node:crypto and @peculiar/asn1-x509.
 */
import type * as X509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

let library: Promise<typeof X509> | null = null;

export function loadX509(): Promise<typeof X509> {
  library ??= (async () => {
    await import('reflect-metadata'); // tsyringe, under @peculiar/x509, needs the Reflect metadata API.
    const x509 = await import('@peculiar/x509');
    // The type is the DOM `Crypto` (the last overload is set(key, crypto)); node's webcrypto is that at run time.
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);
    return x509;
  })();
  return library;
}
