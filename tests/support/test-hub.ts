/**
 * A real hub on loopback for station tests: a real core on the vitest project's engine (makeTestCore: SQLite in a temp
 * folder, or a fresh PostgreSQL database), real TLS, a first administrator, pairing codes on demand. It can be
 * stopped and started again on the same port with the same data and CA.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub } from '../../src-main/hub/server';
import { makeTestCore, type TestCore } from './core';
import { hubRequest } from './hub-client';

export interface TestHub {
  dir: string;
  hub: Hub;
  t: TestCore;
  port: number;
  caPem: string;
  caFingerprint: string;
  /** As the administrator on the hub machine (per-launch token, loopback). */
  adminCall(method: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
  newCode(role: 'kiosk' | 'staff', name?: string): Promise<string>;
  stop(): Promise<void>;
  /** Starts again on the same port, same data folder (so the same CA). */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

const TAB = 'tab-admin-0001';

export async function startTestHub(options: { dataDir?: string; port?: number } = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'stride-station-hub-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(renderer, 'clinician.html'), '<!doctype html><title>clinician</title>');
  const dataDir = options.dataDir ?? join(dir, 'data');
  let t = await makeTestCore({ dataDir });
  let running = true;
  const launch = (port: number) =>
    startHub({
      core: t.core,
      rendererDir: renderer,
      dataDir,
      listen: { host: '127.0.0.1', port },
      names: [],
      clock: t.clock,
    });
  let hub = await launch(options.port ?? 0);
  const port = hub.port;

  const call = (method: string, payload: unknown) =>
    hubRequest({
      port,
      ca: hub.certificates.caCertPem,
      method: 'POST',
      path: `/api/call/${method}`,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${hub.shell.tokens.staff}`,
        'X-Stride-Tab': TAB,
      },
      body: JSON.stringify(payload),
    }).then((r) => r.json<{ ok: boolean; value?: unknown; error?: { code: string } }>());

  const status = (await call('staff.status', {})) as { value?: { hasClinicians?: boolean } };
  if (!status.value?.hasClinicians) await call('staff.setup', { name: 'Ada Admin', pin: '246813' });

  const th: TestHub = {
    dir,
    get hub() {
      return hub;
    },
    get t() {
      return t;
    },
    port,
    caPem: hub.certificates.caCertPem,
    caFingerprint: hub.certificates.caFingerprint,
    adminCall: async (method, payload) => {
      await call('staff.unlock', { clinicianId: 1, pin: '246813' });
      return call(method, payload);
    },
    newCode: async (role, name = role === 'kiosk' ? 'Waiting room PC' : 'Room 3') => {
      const r = await th.adminCall('devices.pair.start', { role, name });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return (r.value as { code: string }).code;
    },
    stop: async () => {
      if (!running) return;
      running = false;
      await hub.close();
    },
    // The core comes back on the same data, as a restarted hub (on PostgreSQL: the same database, kept by reopen).
    start: async () => {
      if (running) return;
      t = await t.reopen();
      hub = await launch(port);
      running = true;
    },
    dispose: async () => {
      await th.stop();
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return th;
}
