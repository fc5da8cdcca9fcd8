/** HTTPS requests to a test hub with full control of headers (Host, Origin, Cookie), trusting only the CA given. */
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';

export interface HubResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json<T = unknown>(): T;
}

export interface HubRequest {
  host?: string;
  port: number;
  ca: string | string[];
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** TLS server name (SNI and the name checked against the certificate); defaults to host. */
  servername?: string;
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
  timeoutMs?: number;
}

export function hubRequest(r: HubRequest): Promise<HubResponse> {
  const host = r.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port: r.port,
        method: r.method ?? 'GET',
        path: r.path,
        ca: r.ca,
        // An IP address is not a valid SNI name (RFC 6066): '' stops node taking one from the Host header;
        // the address itself is then checked against the certificate.
        servername: r.servername ?? (isIP(host) ? '' : host),
        headers: { Host: `${host.includes(':') ? `[${host}]` : host}:${r.port}`, ...r.headers },
        agent: false,
        ...(r.checkServerIdentity ? { checkServerIdentity: r.checkServerIdentity } : {}),
        timeout: r.timeoutMs ?? 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body) as T }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

/** `name=value` of the first Set-Cookie, for the Cookie header of the next request. */
export function cookieFrom(res: HubResponse): string {
  const set = res.headers['set-cookie']?.[0] ?? '';
  return set.split(';')[0] ?? '';
}
