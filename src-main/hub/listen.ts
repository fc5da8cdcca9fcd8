/**
 * `--listen HOST:PORT` and the names the hub is reached by. Loopback is the default; listening on the network is a
 * choice written out by the admin. A wildcard address becomes the machine's own addresses in the certificate.
 */
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

export const DEFAULT_HUB_PORT = 8443;

export interface ListenAddress {
  host: string;
  port: number;
}

export function parseListen(text: string | undefined): ListenAddress {
  if (!text) return { host: '127.0.0.1', port: DEFAULT_HUB_PORT };
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!host || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--listen takes HOST:PORT (for example 0.0.0.0:8443 or [::]:8443), not "${text}".`);
  }
  if (isIP(host) === 0 && host !== 'localhost')
    throw new Error(`--listen needs an IP address, not "${host}": use --name for host names.`);
  return { host, port };
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** IPv4 loopback, IPv6 loopback and IPv4-mapped loopback, as node reports a socket's remote address. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/** The machine's own non-loopback addresses (for a wildcard listen). */
export function interfaceAddresses(family: 'IPv4' | 'both'): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4' || (family === 'both' && a.family === 'IPv6' && !a.address.startsWith('fe80:')))
        out.push(a.address);
    }
  }
  return out;
}

const HOST_LABELS = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Certificate names for a listen address: the address itself (or all of the machine's), its host name, and extras. */
export function hubNames(
  listen: ListenAddress,
  extra: readonly string[],
  machine = { hostname: hostname(), addresses: interfaceAddresses },
): string[] {
  const names: string[] = [];
  if (isWildcard(listen.host)) names.push(...machine.addresses(listen.host === '::' ? 'both' : 'IPv4'));
  else if (!isLoopbackHost(listen.host)) names.push(listen.host);
  if (!isLoopbackHost(listen.host) && HOST_LABELS.test(machine.hostname))
    names.push(machine.hostname.toLowerCase(), `${machine.hostname.toLowerCase()}.local`);
  names.push(...extra);
  return names;
}
