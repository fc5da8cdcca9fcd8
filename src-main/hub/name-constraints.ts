/**
 * Name constraints for the clinic CA (RFC 5280 §4.2.1.10): the CA may only vouch for private addresses and local
 * names, so a copy of its key cannot mint a certificate a tablet would accept for a bank or any public site. Clients
 * (OpenSSL in Node, Chromium, Safari) enforce a critical nameConstraints extension on every certificate below the CA.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  NameConstraints,
  id_ce_nameConstraints,
} from '@peculiar/asn1-x509';
import { X509Certificate as NodeCertificate } from 'node:crypto';
import { isIP } from 'node:net';

/** The extension's object identifier (2.5.29.30). */
export const NAME_CONSTRAINTS_OID = id_ce_nameConstraints;

/** Address ranges a clinic network uses (RFC 1918, loopback, link-local, carrier-grade NAT, IPv6 unique-local). */
export const PERMITTED_RANGES = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '100.64.0.0/10',
  // Reserved for network testing (RFC 2544): never routed on the internet; Stride's own network tests use it.
  '198.18.0.0/15',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
] as const;

/**
 * Local name suffixes (a constraint `lan` permits `lan` and every name under it). `local` is mDNS, `home.arpa` is
 * RFC 8375, `internal` is reserved for private use (ICANN 2024); `lan` and `localdomain` are what clinic routers use.
 */
export const PERMITTED_SUFFIXES = ['localhost', 'local', 'lan', 'home.arpa', 'internal', 'localdomain'] as const;

function inRange(address: string, cidr: string): boolean {
  const [base = '', bitsText = '0'] = cidr.split('/');
  const family = isIP(address);
  if (family === 0 || family !== isIP(base)) return false;
  const bytes = (ip: string) => (family === 4 ? ip.split('.').map(Number) : ipv6Bytes(ip));
  const a = bytes(address);
  const b = bytes(base);
  let bits = Number(bitsText);
  for (let i = 0; i < a.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((a[i] ?? 0) & mask) !== ((b[i] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv6Bytes(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [(n >> 8) & 0xff, n & 0xff];
  });
}

/** Whether a name the hub is reached by falls inside what the CA may vouch for (`dnsNames` are the CA's own). */
export function namePermitted(name: string, dnsNames: readonly string[]): boolean {
  if (isIP(name)) return PERMITTED_RANGES.some((cidr) => inRange(name, cidr));
  const lower = name.toLowerCase();
  return [...PERMITTED_SUFFIXES, ...dnsNames].some((s) => lower === s || lower.endsWith(`.${s}`));
}

/**
 * The extension's value for a new CA (critical): the private ranges, the local suffixes, and the host names the hub is
 * started with that are not already under them (`stride.clinic.example` given with --name), so the admin's own names
 * keep working.
 */
export function nameConstraintsValue(hostNames: readonly string[]): ArrayBuffer {
  const own = hostNames.filter((n) => isIP(n) === 0 && !namePermitted(n, []));
  const subtrees = [
    ...PERMITTED_RANGES.map((cidr) => new GeneralSubtree({ base: new GeneralName({ iPAddress: cidr }) })),
    ...[...PERMITTED_SUFFIXES, ...own].map((dns) => new GeneralSubtree({ base: new GeneralName({ dNSName: dns }) })),
  ];
  return AsnConvert.serialize(new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) }));
}

/** The DNS names a CA's constraints permit, or null when it has none (a CA made before constraints existed). */
export function permittedDnsNames(caPem: string): string[] | null {
  const ca = AsnConvert.parse(new NodeCertificate(caPem).raw, Certificate);
  const ext = ca.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_nameConstraints);
  if (!ext) return null;
  const parsed = AsnConvert.parse(ext.extnValue, NameConstraints);
  return (parsed.permittedSubtrees ?? []).flatMap((s) => (s.base.dNSName ? [s.base.dNSName] : []));
}
