/**
 * A tablet whose browser opens `http://hub:8443` (Safari does for a typed address) would meet a TLS port and show
 * "connection reset". The hub's one port answers both: a connection whose first byte starts a TLS handshake goes to
 * the HTTPS server as usual; anything else gets one redirect to the hub's own https origin and is closed, without
 * reading a body or serving anything in plain text.
 */
import type { Socket } from 'node:net';
import type { Server as TlsServer } from 'node:tls';

/** The first byte of a TLS record carrying a handshake (ClientHello). */
const TLS_HANDSHAKE = 0x16;
/** A connection that sends nothing is closed after this long, as the HTTPS server's header timeout would. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

/** The Host header of a plain HTTP request head, if it is in the first chunk. */
export function hostOf(head: string): string | undefined {
  return /\r\nhost:[ \t]*([^\r\n]*)/i.exec(head)?.[1]?.trim() || undefined;
}

/** `origins` are the hub's https origins, preferred first; the one matching the host asked for wins. */
export function redirectTarget(host: string | undefined, origins: readonly string[]): string {
  const hostname = host?.replace(/:\d+$/, '').toLowerCase();
  const match = origins.find((o) => new URL(o).hostname.replace(/^\[|\]$/g, '') === hostname?.replace(/^\[|\]$/g, ''));
  return `${match ?? origins[0] ?? ''}/`;
}

export interface RawConnections {
  /** Ends every connection, including those still before or inside the TLS handshake that the HTTP server's own
   * closeAllConnections() does not know about (a browser's speculative preconnects), so a hub stops at once. */
  destroyAll(): void;
}

export function answerPlainHttpWithRedirect(server: TlsServer, origins: () => readonly string[]): RawConnections {
  const tlsListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  const open = new Set<Socket>();
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    // 'readable' and read(), not 'data': the socket must stay paused so the TLS server can take it over with the
    // peeked bytes put back.
    const peek = (): void => {
      const first = socket.read() as Buffer | null;
      if (first === null) return void socket.once('readable', peek);
      socket.setTimeout(0);
      if (first[0] === TLS_HANDSHAKE) {
        socket.unshift(first);
        for (const listener of tlsListeners) listener.call(server, socket);
        return;
      }
      const location = redirectTarget(hostOf(first.toString('latin1')), origins());
      // Whatever else the client sends is discarded; the socket is gone once the reply is written.
      socket.resume();
      socket.end(
        `HTTP/1.1 301 Moved Permanently\r\nLocation: ${location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        () => socket.destroy(),
      );
    };
    socket.once('readable', peek);
    socket.on('error', () => socket.destroy());
  });
  return {
    destroyAll: () => {
      for (const socket of open) socket.destroy();
    },
  };
}
