/**
 * What this core is known by on the clinic network while a hub shares it: the addresses devices open and the clinic
 * CA's fingerprint. The hub (src-main/hub/server.ts) sets it once it listens and clears it when it stops; the Devices
 * screen shows it (with QR codes) so an admin pairs a tablet without reading a console.
 */
export interface NetworkIdentity {
  /** Origins devices open, the preferred one first (`https://192.168.1.20:8443`). */
  origins: string[];
  /** SHA-256 of the clinic CA certificate, colon-separated hex: what a device compares before trusting it. */
  caFingerprint: string;
}

// A TypeScript `private` field, not `#` (eslint.config.js says why).
export class NetworkIdentityHolder {
  private identity: NetworkIdentity | null = null;
  get current(): NetworkIdentity | null {
    return this.identity;
  }
  set(identity: NetworkIdentity | null): void {
    this.identity = identity ? { origins: [...identity.origins], caFingerprint: identity.caFingerprint } : null;
  }
}
