/**
 * A desktop kiosk station on a real (namespaced) network: it pairs with the hub (fingerprint checked first), sends
 * intakes one after another, the hub is killed (SIGKILL) in the middle of them and started again; the station holds
 * what it could not deliver and every intake arrives exactly once, those held keeping the code the patient was shown.
 * Skips, saying why, where namespaces cannot be made (not root).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import type { SubmitReceipt } from '../../src-main/api/types';
import { repoRoot, routineIntake } from '../support/clinician';
import { createTestNetwork, exitOf, firstJsonLine, netnsUnavailable, type TestNetwork } from '../support/netns';
import { prepareHubData } from '../support/hub-data';
import { HUB_SCRIPT } from '../support/hub-process';

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`tests/network skipped: ${unavailable}`);

const PORT = 8443;
// Under the kiosk limit of 30 intakes per 10 minutes per device, retries included.
const COUNT = 20;
let net: TestNetwork | undefined;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-net-desktop-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  mkdirSync(join(dir, 'station'));
  if (!unavailable) net = createTestNetwork({ stations: 1, repoRoot });
});
afterAll(() => {
  net?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function startHub(network: TestNetwork, dataDir: string) {
  const child = network.spawnNode(network.hub.ns, HUB_SCRIPT, [
    '--json',
    '--data-dir',
    dataDir,
    '--renderer-dir',
    join(dir, 'renderer'),
    '--listen',
    `0.0.0.0:${PORT}`,
  ]);
  return { child, started: firstJsonLine<{ caFingerprint: string }>(child, 30_000) };
}

function kill(child: ChildProcess): void {
  if (child.pid) process.kill(-child.pid, 'SIGKILL');
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(unavailable !== null)('a desktop kiosk station on a namespaced network', () => {
  it('the hub killed during submissions: every intake arrives exactly once after it restarts', async () => {
    const network = net!;
    const dataDir = join(dir, 'hub-data');
    const [code] = (await prepareHubData(dataDir, [{ role: 'kiosk', name: 'Waiting room PC' }])).codes;
    let hub = startHub(network, dataDir);
    const { caFingerprint } = await hub.started;

    const stationChild = network.spawnNode(network.stations[0]!.ns, 'tests/network/desktop-station.ts', [], {
      STRIDE_STATION_INPUT: JSON.stringify({
        address: `${network.hub.address}:${PORT}`,
        fingerprint: caFingerprint,
        code,
        dir: join(dir, 'station'),
        submission: routineIntake,
        count: COUNT,
        startedAfter: 5,
      }),
    });
    const result = firstJsonLine<{
      receipts: SubmitReceipt[];
      failures: unknown[];
      held: number;
      left: number;
      failed?: string;
    }>(stationChild, 120_000);

    // Five intakes went through; then the hub dies mid-stream, and comes back while the station goes on sending.
    await until(() => existsSync(join(dir, 'station', 'started')), 60_000);
    kill(hub.child);
    await exitOf(hub.child, 5_000);
    await new Promise((r) => setTimeout(r, 1_000));
    hub = startHub(network, dataDir);
    await hub.started;

    const r = await result;
    expect(r.failed).toBeUndefined();
    expect(r.failures).toEqual([]);
    expect(r.receipts).toHaveLength(COUNT);
    expect(r.held).toBeGreaterThan(0);
    expect(r.left).toBe(0);

    hub.child.kill('SIGTERM');
    expect(await exitOf(hub.child, 10_000)).toBe(0);
    const db = new Database(join(dataDir, 'stride.db'), { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM intake_sessions').get() as { n: number }).n).toBe(COUNT);
      expect((db.prepare('SELECT count(DISTINCT submission_id) AS n FROM submissions').get() as { n: number }).n).toBe(
        COUNT,
      );
      const codes = new Set(
        (db.prepare('SELECT check_in_code AS c FROM intake_sessions').all() as { c: string }[]).map((x) => x.c),
      );
      // Held intakes keep the code the patient was shown (the codes are free: one station, one day).
      for (const held of r.receipts.filter((x) => x.held)) expect(codes.has(held.checkInCode)).toBe(true);
    } finally {
      db.close();
    }
  });
});
