/** Devices for admins (pair, list, revoke) and redeeming codes: once only, expiry, refusals, audit, hashes only. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceAuthenticator, LAST_SEEN_WRITE_MS } from '../../src-main/api/pairing';
import { normalisePairingCode, PAIRING_CODE_TTL_MS } from '../../src-main/api/device-secrets';
import type { StaffEvent } from '../../src-main/api/contract';
import type { CoreEvent } from '../../src-main/api/core-events';
import { makeHarness, withAdmin, type Harness } from '../support/clinician';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const audit = (action: string) =>
  h.sql.all<{
    actor_type: string;
    actor_id: number | null;
    target_type: string | null;
    target_id: number | null;
    detail_json: string | null;
  }>(
    'SELECT actor_type, actor_id, target_type, target_id, detail_json FROM audit_log WHERE action = ? ORDER BY id',
    action,
  );

/** Everything stored, as text: the SQLite file and its WAL byte for byte, or every row of every PostgreSQL table. */
async function storedText(): Promise<string> {
  if (h.engine === 'sqlite')
    return (
      readFileSync(join(h.dir, 'stride.db')).toString('latin1') +
      readFileSync(join(h.dir, 'stride.db-wal')).toString('latin1')
    );
  const tables: string[] = [];
  for (const table of await h.sql.tables()) tables.push(JSON.stringify(await h.sql.all(`SELECT * FROM "${table}"`)));
  return tables.join('\n');
}

async function pairStart(role: 'kiosk' | 'staff' = 'kiosk', name = 'Waiting room tablet') {
  return h.call(h.staff(), 'devices.pair.start', { role, name });
}
const redeem = (code: string, address = '10.0.0.5') => h.core.devices.redeem(code, address);

describe('devices: admin methods', () => {
  it('only an unlocked admin may add, list or revoke devices', async () => {
    await withAdmin(h);
    await h.call(h.staff(), 'admin.clinicians.add', { name: 'Cleo Clinician', role: 'clinician', pin: '1357' });
    const cleo = h.staff('cleo');
    await h.call(cleo, 'staff.unlock', { clinicianId: 2, pin: '1357' });
    for (const [m, input] of [
      ['devices.list', {}],
      ['devices.pair.start', { role: 'kiosk', name: 'Tablet' }],
      ['devices.revoke', { deviceId: 1 }],
    ] as const) {
      expect((await h.fail(h.kiosk, m, input)).code, m).toBe('forbidden');
      expect((await h.fail(h.staff('locked-tab'), m, input)).code, m).toBe('locked');
      expect((await h.fail(cleo, m, input)).code, m).toBe('forbidden');
    }
  });

  it('pair.start gives a typeable code that expires in 10 minutes, stored and audited without the code', async () => {
    await withAdmin(h);
    const issued = await pairStart();
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Date(issued.expiresAt).getTime() - h.clock.now().getTime()).toBe(PAIRING_CODE_TTL_MS);
    expect(issued).toMatchObject({ role: 'kiosk', name: 'Waiting room tablet' });
    const [row] = await audit('device.pair.start');
    expect(row).toMatchObject({ actor_type: 'clinician', actor_id: 1, target_type: 'pairing_code' });
    expect(row?.detail_json).not.toContain(issued.code.slice(0, 4));
    const dbText = await storedText();
    expect(dbText).not.toContain(normalisePairingCode(issued.code));
  });

  it('rejects nameless devices and unknown roles', async () => {
    await withAdmin(h);
    expect((await h.fail(h.staff(), 'devices.pair.start', { role: 'kiosk', name: '   ' })).code).toBe('invalid_input');
    expect((await h.fail(h.staff(), 'devices.pair.start', { role: 'admin', name: 'X' })).code).toBe('invalid_input');
    expect((await h.fail(h.staff(), 'devices.pair.start', { role: 'kiosk', name: 'x'.repeat(81) })).code).toBe(
      'invalid_input',
    );
  });

  it('a redeemed code makes a device the admin sees; revoking it is immediate, audited and announced', async () => {
    await withAdmin(h);
    const events: CoreEvent[] = [];
    const staffEvents: StaffEvent[] = [];
    h.core.coreEvents.subscribe((e) => events.push(e));
    h.core.events.subscribe((e) => staffEvents.push(e));
    const issued = await pairStart();
    const outcome = await redeem(issued.code.toLowerCase().replace('-', ' '));
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [listed] = await h.call(h.staff(), 'devices.list', {});
    expect(listed).toMatchObject({
      id: outcome.device.id,
      name: 'Waiting room tablet',
      role: 'kiosk',
      lastAddress: '10.0.0.5',
      revokedAt: null,
    });
    expect((await audit('device.pair'))[0]).toMatchObject({
      actor_type: 'system',
      target_type: 'device',
      target_id: outcome.device.id,
    });

    const auth = new DeviceAuthenticator(() => h.core.devices, h.clock);
    expect((await auth.authenticate(outcome.credential, '10.0.0.5'))?.id).toBe(outcome.device.id);
    const revoked = await h.call(h.staff(), 'devices.revoke', { deviceId: outcome.device.id });
    expect(revoked.revokedAt).toBe(h.clock.now().toISOString());
    expect(await auth.authenticate(outcome.credential, '10.0.0.5')).toBeNull();
    expect(events).toContainEqual({ type: 'device.revoked', deviceId: outcome.device.id });
    // For the hub alone: staff windows are not told about devices.
    expect(staffEvents).toEqual([]);
    expect((await audit('device.revoke'))[0]).toMatchObject({
      actor_type: 'clinician',
      actor_id: 1,
      target_id: outcome.device.id,
    });
    expect((await h.fail(h.staff(), 'devices.revoke', { deviceId: outcome.device.id })).code).toBe('conflict');
    expect((await h.fail(h.staff(), 'devices.revoke', { deviceId: 999 })).code).toBe('not_found');
    // The credential is stored only as a hash.
    const dbText = await storedText();
    expect(dbText).not.toContain(outcome.credential);
  });
});

describe("devices: a kiosk's intakes deleted unsent", () => {
  it('are added up on its device for the Devices screen, each report audited', async () => {
    await withAdmin(h);
    const outcome = await redeem((await pairStart()).code);
    if (!outcome.ok) throw new Error(outcome.reason);
    const tablet = { channel: 'kiosk' as const, key: 'tablet', deviceId: outcome.device.id };
    expect((await h.call(h.staff(), 'devices.list', {}))[0]?.heldExpired).toBeNull();
    await h.call(tablet, 'kiosk.heldExpired', { count: 2, oldestHeldAt: '2026-02-01T17:40:00.000Z' });
    h.clock.advance(60_000);
    await h.call(tablet, 'kiosk.heldExpired', { count: 1, oldestHeldAt: '2026-02-03T08:00:00.000Z' });
    const [listed] = await h.call(h.staff(), 'devices.list', {});
    expect(listed?.heldExpired).toEqual({ count: 3, lastReportedAt: h.clock.now().toISOString() });
    const audited = await h.sql.get<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'kiosk.heldExpired' AND target_id = ?",
      outcome.device.id,
    );
    expect(audited?.n).toBe(2);
  });

  it('an administrator notes them: cleared, audited with what was seen; a newer one is not cleared', async () => {
    await withAdmin(h);
    const outcome = await redeem((await pairStart()).code);
    if (!outcome.ok) throw new Error(outcome.reason);
    const deviceId = outcome.device.id;
    const tablet = { channel: 'kiosk' as const, key: 'tablet', deviceId };
    await h.call(tablet, 'kiosk.heldExpired', { count: 2, oldestHeldAt: '2026-02-01T17:40:00.000Z' });
    // The screen showed 2; a third arrived before the click: refused, and the count stands.
    h.clock.advance(60_000);
    await h.call(tablet, 'kiosk.heldExpired', { count: 1, oldestHeldAt: '2026-02-03T08:00:00.000Z' });
    const reportedAt = h.clock.now().toISOString();
    const stale = await h.fail(h.staff(), 'devices.heldExpired.acknowledge', { deviceId, count: 2 });
    expect(stale.code).toBe('conflict');
    expect((await h.call(h.staff(), 'devices.list', {}))[0]?.heldExpired?.count).toBe(3);
    expect(await audit('device.heldExpired.acknowledge')).toEqual([]);

    const noted = await h.call(h.staff(), 'devices.heldExpired.acknowledge', { deviceId, count: 3 });
    expect(noted.heldExpired).toBeNull();
    expect((await h.call(h.staff(), 'devices.list', {}))[0]?.heldExpired).toBeNull();
    const [row] = await audit('device.heldExpired.acknowledge');
    expect(row).toMatchObject({ actor_type: 'clinician', target_type: 'device', target_id: deviceId });
    expect(JSON.parse(row!.detail_json!)).toEqual({ count: 3, lastReportedAt: reportedAt });
    // Noted twice (another admin's screen) is refused: there is nothing left to note. The reports stay audited.
    expect((await h.fail(h.staff(), 'devices.heldExpired.acknowledge', { deviceId, count: 3 })).code).toBe('conflict');
    expect(await audit('kiosk.heldExpired')).toHaveLength(2);
    // A later report counts from zero again.
    await h.call(tablet, 'kiosk.heldExpired', { count: 1, oldestHeldAt: '2026-03-01T08:00:00.000Z' });
    expect((await h.call(h.staff(), 'devices.list', {}))[0]?.heldExpired?.count).toBe(1);

    expect((await h.fail(h.staff(), 'devices.heldExpired.acknowledge', { deviceId: 999, count: 1 })).code).toBe(
      'not_found',
    );
    expect((await h.fail(h.staff(), 'devices.heldExpired.acknowledge', { deviceId, count: 0 })).code).toBe(
      'invalid_input',
    );
    expect((await h.fail(tablet, 'devices.heldExpired.acknowledge', { deviceId, count: 1 })).code).toBe('forbidden');
  });
});

describe('devices: redeeming a pairing code', () => {
  it('a code works once; a second use is refused as used', async () => {
    await withAdmin(h);
    const { code } = await pairStart();
    expect((await redeem(code)).ok).toBe(true);
    expect(await redeem(code)).toEqual({ ok: false, reason: 'used' });
  });

  it('an expired code is refused as expired, one second after ten minutes', async () => {
    await withAdmin(h);
    const { code } = await pairStart();
    h.clock.advance(PAIRING_CODE_TTL_MS + 1000);
    expect(await redeem(code)).toEqual({ ok: false, reason: 'expired' });
  });

  it('wrong and malformed codes are both "wrong", and every refusal is audited with the address', async () => {
    await withAdmin(h);
    await pairStart();
    for (const typed of ['AAAA-AAAA', '', 'x'.repeat(500), '12345678', "' OR 1=1 --"])
      expect(await redeem(typed, '10.0.0.66')).toEqual({ ok: false, reason: 'wrong' });
    const refused = await audit('device.pair.refused');
    expect(refused).toHaveLength(5);
    expect(JSON.parse(refused[0]?.detail_json ?? '{}')).toEqual({ reason: 'wrong', address: '10.0.0.66' });
    expect((await h.call(h.staff(), 'devices.list', {})).length).toBe(0);
  });

  it('a staff device gets the staff role; last seen is written once a minute unless the address changes', async () => {
    await withAdmin(h);
    const { code } = await pairStart('staff', 'Front desk PC');
    const outcome = await redeem(code);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.device.role).toBe('staff');
    const auth = new DeviceAuthenticator(() => h.core.devices, h.clock);
    const seen = () => h.sql.get('SELECT last_seen_at AS at, last_address AS address FROM devices');
    await auth.authenticate(outcome.credential, '10.0.0.5');
    const first = h.clock.now().toISOString();
    h.clock.advance(10_000);
    await auth.authenticate(outcome.credential, '10.0.0.5');
    expect(await seen()).toEqual({ at: first, address: '10.0.0.5' });
    await auth.authenticate(outcome.credential, '10.0.0.9');
    expect(await seen()).toEqual({ at: h.clock.now().toISOString(), address: '10.0.0.9' });
    h.clock.advance(LAST_SEEN_WRITE_MS);
    await auth.authenticate(outcome.credential, '10.0.0.9');
    expect(await seen()).toEqual({ at: h.clock.now().toISOString(), address: '10.0.0.9' });
    expect(await auth.authenticate('nope', null)).toBeNull();
    expect(await auth.authenticate(null, null)).toBeNull();
  });
});
