/**
 * The hub's own certificate authority and server certificate (ECDSA P-256), kept in `<dataDir>/tls/`.
 *
 * The CA is made once and lives for years: tablets trust it once and stations pin its fingerprint. The server
 * certificate is re-issued from the same CA whenever the hub's names change or it nears expiry, so neither the trust
 * on tablets nor the pins on stations need redoing. Keys are written 0600 in a 0700 folder.
 *
 * A clinic whose devices already trust a CA of its own (pushed by its IT) puts that CA's certificate and key in
 * `tls/ca.crt` and `tls/ca.key` before the first start: the hub then issues its server certificate from it. It must be
 * a self-signed CA (root) with an ECDSA P-256/P-384 or RSA (2048 bits or more) key, not expired; anything else is
 * refused at start, saying why (`checkClinicCa`).
 */
import { X509Certificate as NodeCertificate, createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import {
  NAME_CONSTRAINTS_OID,
  nameConstraintsValue,
  namePermitted,
  permittedDnsNames,
  PERMITTED_SUFFIXES,
} from './name-constraints';
import { loadX509 } from './x509-library';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
export const CA_VALIDITY_DAYS = 3650;
/** Under Apple's 398-day limit for TLS server certificates. */
export const SERVER_VALIDITY_DAYS = 397;
/** Re-issue when less than this is left, so a hub restarted monthly never serves an expired certificate. */
export const RENEW_BEFORE_DAYS = 30;

export interface HubCertificates {
  /** PEM of the clinic's CA: what a tablet installs and what a desktop station pins. */
  caCertPem: string;
  /** PEM of the server certificate followed by nothing else (the CA is sent by `ca` in the TLS options). */
  certPem: string;
  keyPem: string;
  /** SHA-256 of the CA certificate, `AA:BB:...` as node prints it: what an admin compares and stations pin. */
  caFingerprint: string;
  /** SHA-256 of the current server certificate (changes on re-issue). */
  serverFingerprint: string;
  /** The names the server certificate covers (DNS names and IP addresses). */
  names: string[];
  /** Whether this call created the CA (first start as a hub). */
  createdCa: boolean;
  /** Whether this call issued a new server certificate. */
  issuedServer: boolean;
}

export interface CertificateOptions {
  /** The folder that holds stride.db; certificates go in `tls/` inside it. */
  dataDir: string;
  /** Hostnames and IP addresses the hub is reached by. Loopback names are always added. */
  names: readonly string[];
  now?: () => Date;
}

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** One spelling per name: lower case, IPv6 compressed (node prints SAN addresses expanded). */
function canonical(name: string): string {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return isIP(n) === 6 ? new URL(`http://[${n}]/`).hostname.slice(1, -1) : n;
}

/** Lower-cased, de-duplicated, loopback first; throws on anything that is neither an IP address nor a DNS name. */
export function normaliseNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of [...LOOPBACK_NAMES, ...names]) {
    const name = canonical(raw);
    if (isIP(name) === 0 && !DNS_NAME.test(name)) throw new Error(`"${raw}" is neither an IP address nor a host name.`);
    if (name === '0.0.0.0' || name === '::')
      throw new Error('A wildcard address cannot be a certificate name: give the addresses the hub is reached by.');
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export function tlsDir(dataDir: string): string {
  return join(dataDir, 'tls');
}

const files = (dir: string) => ({
  caCert: join(dir, 'ca.crt'),
  caKey: join(dir, 'ca.key'),
  cert: join(dir, 'server.crt'),
  key: join(dir, 'server.key'),
});

/** Write-then-rename, so a crash never leaves half a key; the mode is set before any byte is written. */
function writePrivate(file: string, text: string, mode: number): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode, flag: 'wx' });
  renameSync(tmp, file);
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** How a CA key signs: Stride's own CAs are ECDSA P-256; a clinic's own may be another curve or RSA. */
type SigningAlgorithm =
  { name: 'ECDSA'; namedCurve: 'P-256' | 'P-384'; hash: 'SHA-256' } | { name: 'RSASSA-PKCS1-v1_5'; hash: 'SHA-256' };

const CURVES: Record<string, 'P-256' | 'P-384'> = { prime256v1: 'P-256', secp384r1: 'P-384' };

/** The algorithm for a CA's key, or a sentence saying why the hub cannot sign with it. */
function signingAlgorithmOf(keyPem: string): SigningAlgorithm | string {
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return 'tls/ca.key is not a private key in PEM';
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    const curve = CURVES[details.namedCurve ?? ''];
    return curve ? { name: 'ECDSA', namedCurve: curve, hash: 'SHA-256' } : 'its EC key is not on P-256 or P-384';
  }
  if (key.asymmetricKeyType === 'rsa')
    return (details.modulusLength ?? 0) >= 2048
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : 'its RSA key is shorter than 2048 bits';
  return `its key type (${key.asymmetricKeyType ?? 'unknown'}) is not ECDSA or RSA`;
}

/**
 * Checks a CA found in tls/ (Stride's own, or one the clinic put there) before anything is issued from it: a CA
 * certificate, self-signed (tablets and pinned stations must be able to end the chain in it), not expired, with the
 * key beside it. Throws a message naming what to fix.
 */
export function checkClinicCa(ca: { certPem: string; keyPem: string }, now: Date): SigningAlgorithm {
  const refuse = (why: string): never => {
    throw new Error(`The hub cannot use the certificate authority in tls/ca.crt: ${why}.`);
  };
  let cert: NodeCertificate;
  try {
    cert = new NodeCertificate(ca.certPem);
  } catch {
    return refuse('it is not a certificate in PEM');
  }
  if (!cert.ca) refuse('it is not a certificate authority (basicConstraints CA:TRUE)');
  if (!cert.checkIssued(cert) || !cert.verify(cert.publicKey))
    refuse('it is not self-signed; put the root CA your devices trust there, not an intermediate');
  // Only expiry: a hub whose clock runs behind may still serve a CA its devices, with the right time, accept.
  if (new Date(cert.validTo) <= now) refuse(`it expired on ${cert.validTo}`);
  const algorithm = signingAlgorithmOf(ca.keyPem);
  if (typeof algorithm === 'string') return refuse(algorithm);
  if (!cert.checkPrivateKey(createPrivateKey(ca.keyPem))) refuse('tls/ca.key is not the key of this certificate');
  return algorithm;
}

async function importSigningKey(pem: string, algorithm: SigningAlgorithm): Promise<webcrypto.CryptoKey> {
  // PKCS#8 whatever the file said (a clinic's key may be "BEGIN EC PRIVATE KEY" or "BEGIN RSA PRIVATE KEY").
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
}

/** A positive 128-bit serial (RFC 5280 asks for at most 20 octets, non-negative). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

async function createCa(now: Date, names: readonly string[]): Promise<{ certPem: string; keyPem: string }> {
  const x509 = await loadX509();
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    // The random part keeps two clinics' CAs apart in a tablet's trust store.
    name: `CN=Stride clinic hub CA ${randomBytes(4).toString('hex')}, O=Stride`,
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      // pathLength 0: this CA signs the hub's server certificate and nothing that could sign further.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      // Only private addresses and local names (and the names given now): a stolen key cannot vouch for other sites.
      new x509.Extension(NAME_CONSTRAINTS_OID, true, nameConstraintsValue(names)),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem') + '\n', keyPem: toPem(keyDer, 'PRIVATE KEY') };
}

/** Refuses names the CA's constraints do not permit, before a certificate clients would reject is issued. */
function checkPermitted(caPem: string, names: readonly string[]): void {
  const dnsNames = permittedDnsNames(caPem);
  if (dnsNames === null) return;
  const outside = names.filter((n) => !namePermitted(n, dnsNames));
  if (outside.length === 0) return;
  const suffixes: readonly string[] = PERMITTED_SUFFIXES;
  const own = dnsNames.filter((n) => !suffixes.includes(n));
  throw new Error(
    `${outside.join(', ')}: the clinic CA may only vouch for private addresses, names under ` +
      `${suffixes.map((n) => `.${n}`).join(', ')}${own.length ? ` and ${own.join(', ')}` : ''}. ` +
      `Use one of those, or start a new CA (move ${join('tls', 'ca.*')} away) and trust it again on every device.`,
  );
}

/** A readable subject: the first host name, else the first non-loopback address (SANs are what clients check). */
function commonName(names: string[]): string {
  return (
    names.find((n) => isIP(n) === 0 && n !== 'localhost') ??
    names.find((n) => !LOOPBACK_NAMES.includes(n)) ??
    'localhost'
  );
}

async function issueServer(
  ca: { certPem: string; keyPem: string },
  caAlgorithm: SigningAlgorithm,
  names: string[],
  now: Date,
): Promise<{ certPem: string; keyPem: string }> {
  const x509 = await loadX509();
  const caCert = new x509.X509Certificate(ca.certPem);
  const signingKey = await importSigningKey(ca.keyPem, caAlgorithm);
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const caNotAfter = caCert.notAfter.getTime();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${commonName(names)}, O=Stride`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(Math.min(now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS, caNotAfter)),
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: caAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(
        names.map((n) => ({ type: isIP(n) ? ('ip' as const) : ('dns' as const), value: n })),
        false,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem') + '\n', keyPem: toPem(keyDer, 'PRIVATE KEY') };
}

/** The names a certificate's SAN lists, in the same spelling as `normaliseNames` (lower case, IPv6 compressed). */
export function certificateNames(certPem: string): string[] {
  const san = new NodeCertificate(certPem).subjectAltName ?? '';
  return san
    .split(', ')
    .map((entry) => canonical(entry.replace(/^(DNS|IP Address):/, '')))
    .filter((n) => n !== '');
}

function needsNewServer(certPem: string, caPem: string, names: string[], now: Date): boolean {
  const cert = new NodeCertificate(certPem);
  if (!cert.checkIssued(new NodeCertificate(caPem)) || !cert.verify(new NodeCertificate(caPem).publicKey)) return true;
  if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return true;
  const covered = certificateNames(certPem);
  return covered.length !== names.length || names.some((n) => !covered.includes(n));
}

/** Loads the hub's certificates, creating the CA on first use and re-issuing the server certificate when needed. */
export async function loadOrCreateHubCertificates({
  dataDir,
  names,
  now = () => new Date(),
}: CertificateOptions): Promise<HubCertificates> {
  const wanted = normaliseNames(names);
  const dir = tlsDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const f = files(dir);
  const at = now();

  let createdCa = false;
  let ca: { certPem: string; keyPem: string };
  if (existsSync(f.caCert) && existsSync(f.caKey)) {
    chmodSync(f.caKey, 0o600);
    ca = { certPem: readFileSync(f.caCert, 'utf8'), keyPem: readFileSync(f.caKey, 'utf8') };
  } else {
    ca = await createCa(at, wanted);
    writePrivate(f.caKey, ca.keyPem, 0o600);
    writePrivate(f.caCert, ca.certPem, 0o644);
    createdCa = true;
  }

  const caAlgorithm = checkClinicCa(ca, at);
  checkPermitted(ca.certPem, wanted);
  let issuedServer = false;
  let server: { certPem: string; keyPem: string };
  if (!createdCa && existsSync(f.cert) && existsSync(f.key)) {
    chmodSync(f.key, 0o600);
    server = { certPem: readFileSync(f.cert, 'utf8'), keyPem: readFileSync(f.key, 'utf8') };
    if (needsNewServer(server.certPem, ca.certPem, wanted, at)) {
      server = await issueServer(ca, caAlgorithm, wanted, at);
      issuedServer = true;
    }
  } else {
    server = await issueServer(ca, caAlgorithm, wanted, at);
    issuedServer = true;
  }
  if (issuedServer) {
    writePrivate(f.key, server.keyPem, 0o600);
    writePrivate(f.cert, server.certPem, 0o644);
  }

  return {
    caCertPem: ca.certPem,
    certPem: server.certPem,
    keyPem: server.keyPem,
    caFingerprint: new NodeCertificate(ca.certPem).fingerprint256,
    serverFingerprint: new NodeCertificate(server.certPem).fingerprint256,
    names: certificateNames(server.certPem),
    createdCa,
    issuedServer,
  };
}
