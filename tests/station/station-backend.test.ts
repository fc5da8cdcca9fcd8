/**
 * What a desktop station's main process runs, against a real hub: a kiosk backend holds an intake while the hub is
 * down and delivers it when it is back; a staff backend passes the hub's alerts on, reports the connection, and says
 * "no longer paired" when the device is revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StaffEvent } from '../../src-main/api/contract';
import type { SubmitReceipt } from '../../src-main/api/types';
import type { ConnectionState } from '../../src-main/core/event-stream';
import type { StationCredential } from '../../src-main/station/credential-file';
import { pairWithHub } from '../../src-main/station/pairing';
import { startStationBackend } from '../../src-main/station/station-backend';
import { Outbox, OUTBOX_FILE, type HeldSubmission } from '../../src-main/station/outbox';
import { loadVignettes, submissionFor } from '../support/core';
import { startTestHub, type TestHub } from '../support/test-hub';

let th: TestHub;
let dir: string;
const vignettes = loadVignettes();
const urgent = vignettes.find((v) => v.expectUrgency === 'emergency')!;

beforeAll(async () => {
  th = await startTestHub();
  dir = mkdtempSync(join(tmpdir(), 'stride-backend-'));
});
afterAll(async () => {
  await th?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function paired(role: 'kiosk' | 'staff'): Promise<StationCredential> {
  const r = await pairWithHub({
    address: `127.0.0.1:${th.port}`,
    fingerprint: th.caFingerprint,
    code: await th.newCode(role),
  });
  if (!r.ok) throw new Error(r.message);
  return r.credential;
}
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const HOUR = 3_600_000;

describe('station backend', () => {
  it('staff: a hub outage is "lost"; the intake held meanwhile reaches the hub and the staff window', async () => {
    const staffEvents: StaffEvent[] = [];
    const states: ConnectionState[] = [];
    const staff = startStationBackend({ credential: await paired('staff'), dataDir: dir, onUnpaired: () => undefined });
    const kiosk = startStationBackend({
      credential: await paired('kiosk'),
      dataDir: dir,
      onUnpaired: () => undefined,
      // The courier's clock runs two hours ahead: the intake has waited that long when it is delivered.
      courier: { minDelayMs: 50, maxDelayMs: 200, now: () => Date.now() + 2 * HOUR },
    });
    staff.events.subscribe((e) => staffEvents.push(e));
    staff.connection.subscribe((s) => states.push(s));
    try {
      await until(() => staff.connection.current() === 'open');
      const direct = await kiosk.dispatch({ channel: 'kiosk', key: 'wc:1' }, 'intake.submit', submissionFor(urgent));
      const directCode = (direct as { value: SubmitReceipt }).value.checkInCode;
      await until(() => staffEvents.some((e) => e.type === 'alert.urgent' && e.checkInCode === directCode));
      await th.stop();
      await until(() => staff.connection.current() === 'lost', 6_000);
      const held = await kiosk.dispatch({ channel: 'kiosk', key: 'wc:1' }, 'intake.submit', submissionFor(urgent));
      expect(held).toMatchObject({ ok: true, value: { held: true, seeFrontDesk: true } });
      const code = (held as { value: SubmitReceipt }).value.checkInCode;
      expect(kiosk.held()).toBe(1);
      const seen = staffEvents.length;
      await th.start();
      // Whichever comes first, the delivery or the reconnect, the staff window hears of it: the alert itself, or a
      // resync (queue.changed) after which it reloads the queue where the urgent session is.
      await until(() => kiosk.held() === 0 && staff.connection.current() === 'open', 15_000);
      await until(() => staffEvents.slice(seen).some((e) => e.type === 'alert.urgent' || e.type === 'queue.changed'));
      const row = await th.t.sql.get<{ urgency: string; submitted_at: string; received_at: string | null }>(
        'SELECT urgency, submitted_at, received_at FROM intake_sessions WHERE check_in_code = ?',
        code,
      );
      expect(row?.urgency).toBe('emergency');
      // Filed under when the patient finished (the hub's clock less the wait the station sent), not its arrival.
      const waited = Date.parse(row!.received_at!) - Date.parse(row!.submitted_at);
      expect(Math.abs(waited - 2 * HOUR)).toBeLessThan(60_000);
      expect(states).toContain('lost');
      expect(staff.connection.current()).toBe('open');
    } finally {
      await staff.close();
      await kiosk.close();
    }
  });

  it('kiosk: an intake held past 30 days is deleted unsent, and the hub is told, with this device', async () => {
    const stationDir = mkdtempSync(join(dir, 'aged-'));
    const credential = await paired('kiosk');
    const heldAt = Date.now();
    const outbox = Outbox.open(join(stationDir, OUTBOX_FILE));
    outbox.hold(
      { ...submissionFor(urgent), submissionId: 'aged-000000000000001', checkInCode: '3466' } as HeldSubmission,
      heldAt,
    );
    outbox.close();
    const kiosk = startStationBackend({
      credential,
      dataDir: stationDir,
      onUnpaired: () => undefined,
      // Started 31 days later, by the courier's clock.
      courier: { minDelayMs: 50, maxDelayMs: 200, now: () => Date.now() + 31 * 24 * HOUR },
    });
    const reported = () =>
      th.t.sql.get<{ target_id: number; detail_json: string }>(
        "SELECT target_id, detail_json FROM audit_log WHERE action = 'kiosk.heldExpired'",
      );
    try {
      const end = Date.now() + 10_000;
      while (!(await reported()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      const row = await reported();
      expect(row?.target_id).toBe(credential.deviceId);
      expect(JSON.parse(row!.detail_json)).toEqual({ count: 1, oldestHeldAt: new Date(heldAt).toISOString() });
      expect(kiosk.held()).toBe(0);
    } finally {
      await kiosk.close();
    }
  });

  it('staff: revoking the device closes its stream and reports it unpaired, once', async () => {
    const credential = await paired('staff');
    let unpaired = 0;
    const staff = startStationBackend({ credential, dataDir: dir, onUnpaired: () => (unpaired += 1) });
    try {
      await until(() => staff.connection.current() === 'open');
      expect((await th.adminCall('devices.revoke', { deviceId: credential.deviceId })).ok).toBe(true);
      await until(() => unpaired > 0, 8_000);
      await staff.dispatch({ channel: 'staff', key: 'wc:2' }, 'staff.status', {});
      expect(unpaired).toBe(1);
      expect(staff.connection.current()).not.toBe('open');
    } finally {
      await staff.close();
    }
  });
});
