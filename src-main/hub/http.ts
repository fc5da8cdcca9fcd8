/** Small HTTP helpers for the hub's own routes, with the web shell's security headers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../web/server';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** The body as text, or null when it is larger than `limit` bytes (reading stops there). */
export async function readSmallBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The peer's address as people read it (no IPv4-mapped prefix); never a header the client chose. */
export function remoteAddress(req: IncomingMessage): string | null {
  const a = req.socket.remoteAddress;
  return a ? a.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') : null;
}
