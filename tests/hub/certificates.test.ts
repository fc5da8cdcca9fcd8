/** The hub's CA and server certificate: chain, names, key type, file modes, fingerprints, reuse and re-issue. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { namePermitted, permittedDnsNames } from '../../src-main/hub/name-constraints';
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

  it('the CA vouches only for private addresses and local names: a leaf it mints for a public name fails', async () => {
    const c = await loadOrCreateHubCertificates({
      dataDir,
      names: ['frontdesk', 'stride.clinic.example', '192.168.1.20'],
      now: () => new Date(),
    });
    const dns = permittedDnsNames(c.caCertPem) ?? [];
    expect(dns).toEqual(expect.arrayContaining(['local', 'lan', 'home.arpa', 'frontdesk', 'stride.clinic.example']));
    const ext = new x509.X509Certificate(c.caCertPem).getExtension('2.5.29.30');
    expect(ext?.critical).toBe(true);

    // Someone holding a copy of ca.key mints certificates for a public site and a public address.
    const caKey = await webcrypto.subtle.importKey(
      'pkcs8',
      Buffer.from(readFileSync(join(tlsDir(dataDir), 'ca.key'), 'utf8').replace(/-----[^-]+-----|\s+/g, ''), 'base64'),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const mint = async (names: { type: 'dns' | 'ip'; value: string }[]) => {
      const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: '01',
        subject: `CN=${names[0]?.value ?? 'x'}`,
        issuer: new x509.X509Certificate(c.caCertPem).subject,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 86_400_000),
        publicKey: keys.publicKey,
        signingKey: caKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.SubjectAlternativeNameExtension(names, false),
        ],
      });
      const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
      return { cert: cert.toString('pem'), key: `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n` };
    };
    const handshake = async (leaf: { cert: string; key: string }, servername: string) => {
      const server = createServer(leaf, (s) => s.end('hi'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      try {
        return await new Promise<string>((resolve) => {
          const s: TLSSocket = connect({ host: '127.0.0.1', port, servername, ca: c.caCertPem }, () => {
            resolve(s.authorized ? 'ok' : String(s.authorizationError));
            s.destroy();
          });
          s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
        });
      } finally {
        await new Promise((r) => server.close(r));
      }
    };
    // The same CA key, a name inside: accepted. Outside: refused (OpenSSL's error 47, "permitted subtree violation",
    // which Node reports as UNSPECIFIED).
    expect(await handshake(await mint([{ type: 'dns', value: 'hub.lan' }]), 'hub.lan')).toBe('ok');
    expect(await handshake(await mint([{ type: 'dns', value: 'www.bank.example' }]), 'www.bank.example')).toMatch(
      /SUBTREE_VIOLATION|UNSPECIFIED/,
    );
    expect(
      await handshake(
        await mint([
          { type: 'ip', value: '203.0.113.5' },
          { type: 'dns', value: 'hub.lan' },
        ]),
        'hub.lan',
      ),
    ).toMatch(/SUBTREE_VIOLATION|UNSPECIFIED/);
  });

  it('a later start with a name outside the constraints is refused, saying why; a local one is fine', async () => {
    await loadOrCreateHubCertificates({ dataDir, names: ['hub.lan'], now: at(0) });
    await expect(loadOrCreateHubCertificates({ dataDir, names: ['stride.example.com'], now: at(1) })).rejects.toThrow(
      /stride\.example\.com: the clinic CA may only vouch for private addresses/,
    );
    await expect(loadOrCreateHubCertificates({ dataDir, names: ['8.8.8.8'], now: at(1) })).rejects.toThrow(
      /8\.8\.8\.8/,
    );
    const ok = await loadOrCreateHubCertificates({ dataDir, names: ['room3.home.arpa', '10.1.2.3'], now: at(1) });
    expect(ok.issuedServer).toBe(true);
  });

  it('namePermitted: private ranges and local suffixes in, public ones out', () => {
    for (const n of ['10.0.0.1', '172.31.255.254', '192.168.0.9', '127.0.0.1', '::1', 'fd12::3', 'fe80::1', 'a.local'])
      expect(namePermitted(n, []), n).toBe(true);
    for (const n of ['172.32.0.1', '8.8.8.8', '2001:db8::1', 'local.example', 'mylan', 'example.com'])
      expect(namePermitted(n, []), n).toBe(false);
    expect(namePermitted('lan', [])).toBe(true);
    expect(namePermitted('x.frontdesk', ['frontdesk'])).toBe(true);
  });
});

describe("the clinic's own certificate authority", () => {
  const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]) };
  /** A CA as a clinic's IT would make it, written where the hub looks before its first start. */
  async function clinicCa(
    o: { rsaBits?: number; ca?: boolean; notAfter?: Date; issuer?: { cert: string; key: webcrypto.CryptoKey } } = {},
  ) {
    const algorithm = { ...RSA, modulusLength: o.rsaBits ?? 2048 };
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const name = 'CN=Clinic IT Root CA, O=Example Physio';
    const extensions = [
      new x509.BasicConstraintsExtension(o.ca ?? true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ];
    const validity = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: o.notAfter ?? new Date('2035-01-01') };
    const cert = o.issuer
      ? await x509.X509CertificateGenerator.create({
          serialNumber: '02',
          subject: 'CN=Clinic IT Issuing CA',
          issuer: new x509.X509Certificate(o.issuer.cert).subject,
          publicKey: keys.publicKey,
          signingKey: o.issuer.key,
          signingAlgorithm: RSA,
          extensions,
          ...validity,
        })
      : await x509.X509CertificateGenerator.createSelfSigned({
          serialNumber: '01',
          name,
          keys,
          signingAlgorithm: RSA,
          extensions,
          ...validity,
        });
    const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    // As a traditional "BEGIN RSA PRIVATE KEY" file, the form IT tools often hand out.
    const keyPem = createPrivateKey({ key: Buffer.from(keyDer), format: 'der', type: 'pkcs8' })
      .export({ type: 'pkcs1', format: 'pem' })
      .toString();
    return { cert: cert.toString('pem') + '\n', keyPem, key: keys.privateKey };
  }
  const install = (ca: { cert: string; keyPem: string }) => {
    mkdirSync(tlsDir(dataDir), { recursive: true, mode: 0o700 });
    writeFileSync(join(tlsDir(dataDir), 'ca.crt'), ca.cert);
    writeFileSync(join(tlsDir(dataDir), 'ca.key'), ca.keyPem, { mode: 0o644 });
  };

  it('put in tls/ before the first start, it issues the hub certificate; devices trusting it are set', async () => {
    const ca = await clinicCa();
    install(ca);
    const c = await loadOrCreateHubCertificates({ dataDir, names: ['stride.clinic.example'], now: () => new Date() });
    expect(c.createdCa).toBe(false);
    expect(c.caCertPem).toBe(ca.cert);
    expect(c.caFingerprint).toBe(new X509Certificate(ca.cert).fingerprint256);
    expect(mode(join(tlsDir(dataDir), 'ca.key'))).toBe(0o600);
    const server = new X509Certificate(c.certPem);
    expect(server.checkIssued(new X509Certificate(ca.cert))).toBe(true);
    expect(server.verify(new X509Certificate(ca.cert).publicKey)).toBe(true);
    // A client that trusts only the clinic's CA completes a TLS handshake with the hub.
    const tlsServer = createServer({ cert: c.certPem, key: c.keyPem }, (s) => s.end('hi'));
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    try {
      const port = (tlsServer.address() as AddressInfo).port;
      const outcome = await new Promise<string>((resolve) => {
        const s: TLSSocket = connect(
          { host: '127.0.0.1', port, servername: 'stride.clinic.example', ca: ca.cert },
          () => {
            resolve(s.authorized ? 'ok' : String(s.authorizationError));
            s.destroy();
          },
        );
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
      expect(outcome).toBe('ok');
    } finally {
      await new Promise((r) => tlsServer.close(r));
    }
    // The next start keeps both.
    const again = await loadOrCreateHubCertificates({
      dataDir,
      names: ['stride.clinic.example'],
      now: () => new Date(),
    });
    expect(again.issuedServer).toBe(false);
    expect(again.caFingerprint).toBe(c.caFingerprint);
  });

  it('refuses, saying why, one that is not a CA, an intermediate, expired, weak, or with another key', async () => {
    const root = await clinicCa();
    const other = await clinicCa();
    const cases: [string, { cert: string; keyPem: string }, RegExp][] = [
      ['not a CA', await clinicCa({ ca: false }), /not a certificate authority/],
      ['intermediate', await clinicCa({ issuer: { cert: root.cert, key: root.key } }), /not self-signed/],
      ['expired', await clinicCa({ notAfter: new Date('2026-01-01') }), /expired/],
      ['weak', await clinicCa({ rsaBits: 1024 }), /shorter than 2048 bits/],
      ['another key', { cert: root.cert, keyPem: other.keyPem }, /not the key of this certificate/],
      ['no key', { cert: root.cert, keyPem: 'nothing' }, /not a private key/],
    ];
    for (const [what, ca, message] of cases) {
      rmSync(tlsDir(dataDir), { recursive: true, force: true });
      install(ca);
      await expect(loadOrCreateHubCertificates({ dataDir, names: [], now: () => new Date() }), what).rejects.toThrow(
        message,
      );
      // Nothing was issued from a CA the hub refused.
      expect(existsSync(join(tlsDir(dataDir), 'server.crt')), what).toBe(false);
    }
  });
});
