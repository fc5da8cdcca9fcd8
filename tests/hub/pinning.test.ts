/** A station's pin: a hub from another CA is refused even when that CA is trusted too; the right hub passes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateHubCertificates, type HubCertificates } from '../../src-main/hub/certificates';
import { normaliseFingerprint, pinnedTlsOptions, PinMismatchError } from '../../src-main/station/pinning';
import { hubRequest } from '../support/hub-client';

let dir: string;
let real: HubCertificates;
let impostor: HubCertificates;
let server: Server;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stride-pin-'));
  real = await loadOrCreateHubCertificates({ dataDir: join(dir, 'real'), names: [] });
  impostor = await loadOrCreateHubCertificates({ dataDir: join(dir, 'impostor'), names: [] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(c: HubCertificates): Promise<void> {
  server = createServer({ cert: c.certPem, key: c.keyPem }, (_req, res) => res.end('hub'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
}
const stop = () => new Promise((r) => server.close(r));

describe('station pinning', () => {
  it('accepts the hub it paired with', async () => {
    await serve(real);
    try {
      const pin = pinnedTlsOptions(real.caCertPem, real.caFingerprint);
      expect((await hubRequest({ port, path: '/', ...pin })).body).toBe('hub');
    } finally {
      await stop();
    }
  });

  it("refuses another CA's hub on the same address, even when both CAs are trusted", async () => {
    await serve(impostor);
    try {
      const pin = pinnedTlsOptions([real.caCertPem, impostor.caCertPem], real.caFingerprint);
      const error = await hubRequest({ port, path: '/', ...pin }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PinMismatchError);
      expect((error as PinMismatchError).presented).toContain(impostor.caFingerprint);
      // Trusting only the paired CA refuses it already at the chain.
      await expect(
        hubRequest({ port, path: '/', ...pinnedTlsOptions(real.caCertPem, real.caFingerprint) }),
      ).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await stop();
    }
  });

  it('normalises fingerprints and rejects short ones', () => {
    expect(normaliseFingerprint(real.caFingerprint.replace(/:/g, '').toLowerCase())).toBe(real.caFingerprint);
    expect(() => normaliseFingerprint('AB:CD')).toThrow();
  });
});
