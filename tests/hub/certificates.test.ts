/** The hub's CA and server certificate: chain, names, key type, file modes, fingerprints, reuse and re-issue. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, connect, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadOrCreateHubCertificates,
  normaliseNames,
  tlsDir,
  RENEW_BEFORE_DAYS,
  SERVER_VALIDITY_DAYS,
} from '../../src-main/hub/certificates';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'stride-certs-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const NOW = new Date('2026-11-26T09:00:00Z');
const at = (days: number) => () => new Date(NOW.getTime() + days * 86_400_000);
const mode = (file: string) => statSync(file).mode & 0o777;

describe('hub certificates', () => {
  it('creates a CA and a server certificate it signed, with the names asked for', async () => {
    const c = await loadOrCreateHubCertificates({
      dataDir,
      names: ['10.20.0.1', 'Front-Desk.local', 'fd00::1'],
      now: at(0),
    });
    expect(c.createdCa).toBe(true);
    const ca = new X509Certificate(c.caCertPem);
    const server = new X509Certificate(c.certPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    for (const ip of ['10.20.0.1', '127.0.0.1', '::1', 'fd00::1']) expect(server.checkIP(ip), ip).toBe(ip);
    for (const host of ['front-desk.local', 'localhost']) expect(server.checkHost(host), host).toBe(host);
    expect(server.checkHost('evil.example')).toBeUndefined();
    expect(server.checkIP('10.20.0.2')).toBeUndefined();
    expect(c.names).toEqual(['localhost', '127.0.0.1', '::1', '10.20.0.1', 'front-desk.local', 'fd00::1']);
    expect(server.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    // ECDSA P-256 keys, and the key written is the certificate's.
    expect(createPrivateKey(c.keyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(server.checkPrivateKey(createPrivateKey(c.keyPem))).toBe(true);
    expect(new Date(server.validTo).getTime() - NOW.getTime()).toBeLessThanOrEqual(SERVER_VALIDITY_DAYS * 86_400_000);
  });

  it('fingerprints are SHA-256 of the DER certificate', async () => {
    const c = await loadOrCreateHubCertificates({ dataDir, names: [], now: at(0) });
    const sha = (pem: string) =>
      createHash('sha256').update(new X509Certificate(pem).raw).digest('hex').toUpperCase().match(/../g)!.join(':');
    expect(c.caFingerprint).toBe(sha(c.caCertPem));
    expect(c.serverFingerprint).toBe(sha(c.certPem));
    expect(c.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('keys are 0600 in a 0700 folder', async () => {
    await loadOrCreateHubCertificates({ dataDir, names: [], now: at(0) });
    const dir = tlsDir(dataDir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'ca.key'))).toBe(0o600);
    expect(mode(join(dir, 'server.key'))).toBe(0o600);
    expect(mode(join(dir, 'ca.crt'))).toBe(0o644);
  });

  it('a second start reuses both; new names re-issue the server certificate from the same CA', async () => {
    const first = await loadOrCreateHubCertificates({ dataDir, names: ['10.20.0.1'], now: at(0) });
    const again = await loadOrCreateHubCertificates({ dataDir, names: ['10.20.0.1'], now: at(1) });
    expect(again).toMatchObject({
      createdCa: false,
      issuedServer: false,
      caFingerprint: first.caFingerprint,
      serverFingerprint: first.serverFingerprint,
    });
    const renamed = await loadOrCreateHubCertificates({ dataDir, names: ['10.20.0.9'], now: at(2) });
    expect(renamed.createdCa).toBe(false);
    expect(renamed.issuedServer).toBe(true);
    expect(renamed.caFingerprint).toBe(first.caFingerprint);
    expect(renamed.names).toContain('10.20.0.9');
    expect(renamed.names).not.toContain('10.20.0.1');
    expect(new X509Certificate(renamed.certPem).checkIssued(new X509Certificate(first.caCertPem))).toBe(true);
  });

  it('re-issues the server certificate when it nears expiry', async () => {
    const first = await loadOrCreateHubCertificates({ dataDir, names: [], now: at(0) });
    const later = await loadOrCreateHubCertificates({
      dataDir,
      names: [],
      now: at(SERVER_VALIDITY_DAYS - RENEW_BEFORE_DAYS + 1),
    });
    expect(later.issuedServer).toBe(true);
    expect(later.serverFingerprint).not.toBe(first.serverFingerprint);
    expect(later.caFingerprint).toBe(first.caFingerprint);
  });

  it('refuses wildcard addresses and things that are not names', () => {
    for (const bad of ['0.0.0.0', '::', 'two words', 'a..b', '-x.local', 'x'.repeat(64) + '.local', 'evil/..']) {
      expect(() => normaliseNames([bad]), bad).toThrow();
    }
    expect(normaliseNames(['[FD00:0:0::1]', 'Hub.LAN', 'hub.lan'])).toEqual([
      'localhost',
      '127.0.0.1',
      '::1',
      'fd00::1',
      'hub.lan',
    ]);
  });

  it('a TLS client that trusts only the CA completes a handshake for a listed name and refuses another', async () => {
    const c = await loadOrCreateHubCertificates({ dataDir, names: ['hub.local'], now: () => new Date() });
    const server = createServer({ cert: c.certPem, key: c.keyPem }, (s) => s.end('hi'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const attempt = (servername: string) =>
      new Promise<string>((resolve) => {
        const s: TLSSocket = connect({ host: '127.0.0.1', port, servername, ca: c.caCertPem }, () => {
          resolve(s.authorized ? 'ok' : String(s.authorizationError));
          s.destroy();
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
    try {
      expect(await attempt('hub.local')).toBe('ok');
      expect(await attempt('other.local')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
