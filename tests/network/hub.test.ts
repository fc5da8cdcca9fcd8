/**
 * The hub on a real (namespaced) network: a hub host and a station host joined by a veth link. The station pairs as a
 * kiosk with a code, submits an intake over TLS trusting only the hub's CA and pinning its fingerprint, is refused
 * staff methods, the per-launch token, and requests under another Host (DNS rebinding) or Origin; then another hub
 * with another CA takes the same address and the station refuses it. Skips, saying why, where namespaces cannot be
 * made (not root).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { prepareHubData } from '../support/hub-data';
import { repoRoot, routineIntake } from '../support/clinician';
import { startHubProcess } from '../support/hub-process';
import { createTestNetwork, exitOf, firstJsonLine, netnsUnavailable, type TestNetwork } from '../support/netns';

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`tests/network skipped: ${unavailable}`);

let net: TestNetwork | undefined;
let dir: string;
const PORT = 8443;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-net-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  if (!unavailable) net = createTestNetwork({ stations: 1, repoRoot });
});
afterAll(() => {
  net?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function startHubIn(network: TestNetwork, dataDir: string) {
  return startHubProcess(
    network,
    ['--data-dir', dataDir, '--renderer-dir', join(dir, 'renderer'), '--listen', `0.0.0.0:${PORT}`],
    30_000,
  );
}

function station(network: TestNetwork, input: Record<string, unknown>) {
  const child = network.spawnNode(network.stations[0]!.ns, 'tests/network/station.ts', [], {
    STRIDE_STATION_INPUT: JSON.stringify(input),
  });
  return firstJsonLine<Record<string, unknown>>(child, 30_000);
}

describe.skipIf(unavailable !== null)('hub and station on a namespaced network', () => {
  let realCa = '';
  let realFingerprint = '';

  it('a kiosk station pairs, submits an intake over TLS (a retry stores nothing twice), is refused staff', async () => {
    const network = net!;
    const dataDir = join(dir, 'hub-data');
    const [code] = (await prepareHubData(dataDir, [{ role: 'kiosk', name: 'Waiting room tablet' }])).codes;
    const { child, started } = startHubIn(network, dataDir);
    const hub = await started;
    expect(hub.origins).toContain(`https://${network.hub.address}:${PORT}`);
    realCa = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
    realFingerprint = hub.caFingerprint;

    const result = await station(network, {
      mode: 'pair-and-submit',
      host: network.hub.address,
      port: PORT,
      ca: [realCa],
      pin: realFingerprint,
      code,
      kioskToken: hub.tokens.kiosk,
      submission: { ...routineIntake, submissionId: randomUUID() },
    });
    expect(result.failed).toBeUndefined();
    // An unpaired browser off the hub machine is sent to the pairing page.
    expect(result.frontDoor).toBe('/pair.html');
    // The per-launch token only works on the hub machine itself.
    expect(result.tokenStatus).toBe(401);
    expect(result.pairStatus).toBe(200);
    expect(result.setCookie).toMatch(/^__Host-stride-device=.*; Secure; HttpOnly; SameSite=Strict/);
    expect(result.form).toMatchObject({ ok: true });
    expect(result.submit).toMatchObject({ ok: true });
    expect(result.retry).toEqual(result.submit);
    expect(result.queue).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Host/Origin checks and the CSP hold on the hub's real address, not only on loopback.
    expect(result.page).toMatchObject({ status: 200, csp: expect.stringContaining("default-src 'none'") });
    expect(result.page).toMatchObject({ hsts: expect.stringContaining('max-age=') });
    expect(result.refused).toEqual([403, 403, 403]);

    child.kill('SIGTERM');
    expect(await exitOf(child, 10_000)).toBe(0);
    const db = new Database(join(dataDir, 'stride.db'), { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM intake_sessions').get() as { n: number }).n).toBe(1);
      expect(db.prepare('SELECT role, last_address FROM devices').all()).toEqual([
        { role: 'kiosk', last_address: network.stations[0]!.address },
      ]);
      const actions = (
        db.prepare("SELECT action FROM audit_log WHERE action LIKE 'device.%' ORDER BY id").all() as {
          action: string;
        }[]
      ).map((r) => r.action);
      expect(actions).toEqual(['device.pair.start', 'device.pair']);
    } finally {
      db.close();
    }
  });

  it('another hub with another CA on the same address is refused by the station that pinned the first', async () => {
    const network = net!;
    expect(realFingerprint).not.toBe('');
    const { child, started } = startHubIn(network, join(dir, 'impostor-data'));
    const impostor = await started;
    expect(impostor.caFingerprint).not.toBe(realFingerprint);
    const impostorCa = readFileSync(join(dir, 'impostor-data', 'tls', 'ca.crt'), 'utf8');

    // Trusting only the paired CA: the chain does not verify.
    expect(
      await station(network, {
        mode: 'probe',
        host: network.hub.address,
        port: PORT,
        ca: [realCa],
        pin: realFingerprint,
      }),
    ).toMatchObject({
      connected: false,
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    // Even trusting both CAs, the pin refuses the impostor.
    expect(
      await station(network, {
        mode: 'probe',
        host: network.hub.address,
        port: PORT,
        ca: [realCa, impostorCa],
        pin: realFingerprint,
      }),
    ).toMatchObject({
      connected: false,
      error: 'PinMismatchError',
    });
    // The same station would accept it only if it had pinned the impostor: the refusal is the pin's doing.
    expect(
      await station(network, {
        mode: 'probe',
        host: network.hub.address,
        port: PORT,
        ca: [impostorCa],
        pin: impostor.caFingerprint,
      }),
    ).toMatchObject({ connected: true, status: 200 });
    child.kill('SIGTERM');
    expect(await exitOf(child, 10_000)).toBe(0);
  });
});
