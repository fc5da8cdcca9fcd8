/**
 * A staff station's event stream when the hub goes silent without closing anything (a frozen hub, a cable pulled
 * between switches): the connection stays up, no byte arrives, and the station must still call the hub lost within
 * the 5 s of core/event-stream.ts, give up that connection, and reconnect asking for what it missed. A closed hub is
 * tested in station-backend.test.ts; this is the case only the silence rule catches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StaffEvent } from '../../src-main/api/contract';
import type { ConnectionState } from '../../src-main/core/event-stream';
import { loadOrCreateHubCertificates } from '../../src-main/hub/certificates';
import { startHubEvents } from '../../src-main/station/hub-events';
import type { PinnedHub } from '../../src-main/station/hub-link';

let dir: string;
let server: Server;
let hub: PinnedHub;
/** Every stream request the silent hub was sent, and whether the station has since closed it. */
const requests: { lastEventId: string | null; closed: boolean }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stride-silent-hub-'));
  const certs = await loadOrCreateHubCertificates({ dataDir: dir, names: ['127.0.0.1'] });
  server = createServer(
    { cert: certs.certPem, key: certs.keyPem, ca: certs.caCertPem },
    (req: IncomingMessage, res) => {
      const seen = { lastEventId: (req.headers['last-event-id'] as string | undefined) ?? null, closed: false };
      requests.push(seen);
      req.socket.on('close', () => (seen.closed = true));
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      // One event, caught up, then nothing at all: no heartbeat, and the connection is never closed from this side.
      res.write('id: 7f3a.1\ndata: {"type":"queue.changed"}\n\nevent: ready\ndata: {}\n\n');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  hub = { host: '127.0.0.1', port, caPem: certs.caCertPem, caFingerprint: certs.caFingerprint };
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a staff station and a hub gone silent', () => {
  it('is "lost" after 5 s of silence though the connection is up, then reconnects with the last event id', async () => {
    const states: ConnectionState[] = [];
    const events: StaffEvent[] = [];
    const stop = startHubEvents({
      hub,
      headers: () => ({}),
      event: (e) => events.push(e),
      state: (s) => states.push(s),
    });
    try {
      await until(() => states.includes('open'), 5_000);
      expect(events).toEqual([{ type: 'queue.changed' }]);
      // Nothing closed the stream: only the silence rule can say the hub is gone, and it must within its 5 s.
      // (5 s as the issue asks, plus scheduling slack on a loaded machine; not SILENCE_MS, which could be changed.)
      await until(() => states.includes('lost'), 5_000 + 1_500);
      expect(states.slice(0, 2)).toEqual(['open', 'lost']);
      // The station gave that connection up and asked again for what came after the last event it saw.
      await until(() => requests.length >= 2 && requests[0]!.closed, 5_000);
      expect(requests[0]!.lastEventId).toBeNull();
      expect(requests[1]!.lastEventId).toBe('7f3a.1');
    } finally {
      stop();
    }
  }, 20_000);
});
