/**
 * A clinic group on a real (namespaced) network (#18): a database host running a throwaway PostgreSQL, two hub hosts
 * each running a real hub on that one database (hub A given `--database`, hub B `STRIDE_DATABASE_URL`), each with its
 * own certificate authority, a desktop kiosk station paired with hub A and a desktop staff station paired with hub B,
 * all five on one switched segment. The patient's intake with a red flag goes in at hub A; the staff station, which
 * only ever talks to hub B, gets the urgent alert on its event stream (hub A's NOTIFY, hub B's LISTEN) and finds the
 * session in its queue. Skips, saying why, without root, `ip netns` or PostgreSQL's server binaries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { SubmitReceipt } from '../../src-main/api/types';
import { ADMIN_PIN } from '../support/browser/staff-setup';
import { repoRoot, urgentIntake } from '../support/clinician';
import { prepareHubData } from '../support/hub-data';
import { startHubIn } from '../support/hub-process';
import { createTestLan, exitOf, firstJsonLine, netnsUnavailable, type TestLan } from '../support/netns';
import {
  createTestDatabase,
  postgresUnavailableReason,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../support/postgres';

const unavailable = netnsUnavailable() ?? postgresUnavailableReason();
if (unavailable) console.warn(`tests/network/two-hubs skipped: ${unavailable}`);

const PORT = 8443;
const HOSTS = ['db', 'hubA', 'hubB', 'kiosk', 'staff'] as const;
let lan: TestLan<(typeof HOSTS)[number]> | undefined;
let postgres: ThrowawayPostgres | undefined;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stride-net-group-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  for (const station of ['kiosk-station', 'staff-station']) mkdirSync(join(dir, station));
  if (unavailable) return;
  lan = createTestLan({ hosts: HOSTS, repoRoot });
  postgres = await startThrowawayPostgres({
    namespace: { netns: lan.hosts.db.ns, address: lan.hosts.db.address, allowFrom: lan.subnet },
  });
});
afterAll(() => {
  // The hubs (children of the LAN) first, then the server they were connected to, then the files.
  try {
    lan?.destroy();
  } finally {
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

interface StaffStationResult {
  failed?: string;
  role: string;
  unlocked: { id: number };
  alert: { type: string; sessionId: number; urgency: string; checkInCode: string };
  queue: { sessionId: number; checkInCode: string; patientName: string; alertAcknowledged: boolean }[];
}

describe.skipIf(unavailable !== null)('two hubs on one PostgreSQL on a namespaced network', () => {
  it("a red flag at hub A's kiosk alerts hub B's staff station, which finds the session in its queue", async () => {
    const network = lan!;
    const server = postgres!;
    const { db, hubA, hubB, kiosk, staff } = network.hosts;
    // Made and checked through the server's socket; the hubs reach it over the LAN at the database host's address.
    const database = await createTestDatabase(server.socketAdminUrl);
    const overLan = server.adminUrl.replace(/\/postgres$/, new URL(database.url).pathname);
    expect(overLan).toContain(`@${db.address}:`);
    const prepared = await prepareHubData(
      join(dir, 'setup'),
      [
        { role: 'kiosk', name: 'Waiting room tablet, site A' },
        { role: 'staff', name: 'Room 3, site B' },
      ],
      ADMIN_PIN,
      { database: database.url },
    );
    const [kioskCode = '', staffCode = ''] = prepared.codes;

    const hubArgs = (name: string) => [
      '--data-dir',
      join(dir, name),
      '--renderer-dir',
      join(dir, 'renderer'),
      '--listen',
      `0.0.0.0:${PORT}`,
    ];
    const a = startHubIn(network.spawnNode, hubA.ns, [...hubArgs('hub-a'), '--database', overLan]);
    const b = startHubIn(network.spawnNode, hubB.ns, hubArgs('hub-b'), { env: { STRIDE_DATABASE_URL: overLan } });
    try {
      const [startedA, startedB] = await Promise.all([a.started, b.started]);
      expect(startedA.database).toBe(overLan);
      expect(startedB.database).toBe(overLan);
      expect(startedA.origins).toContain(`https://${hubA.address}:${PORT}`);
      expect(startedB.origins).toContain(`https://${hubB.address}:${PORT}`);
      // Two hubs in their own right: each made its own CA, so each station pins only the hub it paired with.
      expect(startedA.caFingerprint).not.toBe(startedB.caFingerprint);

      // Room 3 at site B: paired with hub B, unlocked, listening.
      const staffChild = network.spawnNode(staff.ns, 'tests/network/staff-station.ts', [], {
        STRIDE_STATION_INPUT: JSON.stringify({
          address: `${hubB.address}:${PORT}`,
          fingerprint: startedB.caFingerprint,
          code: staffCode,
          clinicianId: prepared.clinicianId,
          pin: ADMIN_PIN,
          dir: join(dir, 'staff-station'),
          waitMs: 45_000,
        }),
      });
      const staffResult = firstJsonLine<StaffStationResult>(staffChild, 100_000);
      await expect
        .poll(() => existsSync(join(dir, 'staff-station', 'listening')) || staffChild.exitCode !== null, {
          timeout: 45_000,
          interval: 100,
        })
        .toBe(true);
      if (staffChild.exitCode !== null) expect((await staffResult).failed).toBeUndefined();

      // The waiting room at site A: a patient who cannot bear weight after a fall, through hub A.
      const kioskChild = network.spawnNode(kiosk.ns, 'tests/network/desktop-station.ts', [], {
        STRIDE_STATION_INPUT: JSON.stringify({
          address: `${hubA.address}:${PORT}`,
          fingerprint: startedA.caFingerprint,
          code: kioskCode,
          dir: join(dir, 'kiosk-station'),
          submission: urgentIntake,
          count: 1,
          startedAfter: 1,
        }),
      });
      const sent = await firstJsonLine<{
        receipts: SubmitReceipt[];
        failures: unknown[];
        left: number;
        failed?: string;
      }>(kioskChild, 60_000);
      expect(sent.failed).toBeUndefined();
      expect(sent.failures).toEqual([]);
      expect(sent.left).toBe(0);
      const [receipt] = sent.receipts;
      expect(receipt).toMatchObject({ seeFrontDesk: true });
      // Delivered to hub A at once, not held in the station's outbox.
      expect(receipt?.held ?? false).toBe(false);

      const heard = await staffResult;
      expect(heard.failed).toBeUndefined();
      expect(heard.role).toBe('staff');
      expect(heard.unlocked).toMatchObject({ id: prepared.clinicianId });
      expect(heard.alert).toMatchObject({
        type: 'alert.urgent',
        urgency: 'emergency',
        checkInCode: receipt!.checkInCode,
      });
      expect(heard.queue).toEqual([
        expect.objectContaining({
          sessionId: heard.alert.sessionId,
          checkInCode: receipt!.checkInCode,
          patientName: 'Arthur Bell',
          urgency: 'emergency',
          alertAcknowledged: false,
        }),
      ]);

      // One database behind both: one session, and each device known where it paired, from its own address.
      const check = new pg.Client({ connectionString: database.url });
      await check.connect();
      try {
        const sessions = await check.query('SELECT count(*)::int AS n FROM intake_sessions');
        expect(sessions.rows).toEqual([{ n: 1 }]);
        const devices = await check.query('SELECT name, role, last_address FROM devices ORDER BY role');
        expect(devices.rows).toEqual([
          { name: 'Waiting room tablet, site A', role: 'kiosk', last_address: kiosk.address },
          { name: 'Room 3, site B', role: 'staff', last_address: staff.address },
        ]);
      } finally {
        await check.end();
      }
      for (const hub of [a, b]) hub.child.kill('SIGTERM');
      expect(await Promise.all([exitOf(a.child, 10_000), exitOf(b.child, 10_000)])).toEqual([0, 0]);
    } finally {
      // After a failure: the hubs go down before the server (afterAll would SIGKILL them anyway).
      for (const hub of [a, b]) if (hub.child.exitCode === null) hub.child.kill('SIGTERM');
      await Promise.all([exitOf(a.child, 10_000), exitOf(b.child, 10_000)]);
    }
  }, 180_000);
});
