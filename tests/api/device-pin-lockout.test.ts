/**
 * Wrong PINs count per paired device as well as per clinician: one staff device trying every clinician's PIN in turn
 * meets a lockout of its own; other devices go on, and a right PIN after the wait clears it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../src-main/api/dispatch';
import { DEVICE_FREE_ATTEMPTS } from '../../src-main/api/pin';
import { makeHarness, withAdmin, type Harness } from '../support/clinician';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

async function pairedStaffDevice(name: string): Promise<Caller> {
  const { code } = await h.call(h.staff(), 'devices.pair.start', { role: 'staff', name });
  const paired = await h.core.devices.redeem(code, '198.18.0.9');
  if (!paired.ok) throw new Error(`pairing failed: ${paired.reason}`);
  return { channel: 'staff', key: `device:${paired.device.id}:tab`, deviceId: paired.device.id };
}

/** Six clinicians with PINs 1001..1006 besides the admin (id 1). */
async function clinicians(): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 1; i <= 6; i++) {
    const c = await h.call(h.staff(), 'admin.clinicians.add', {
      name: `Clinician ${i}`,
      role: 'clinician',
      pin: String(1000 + i),
    });
    ids.push(c.id);
  }
  return ids;
}

describe('PIN lockout per device', () => {
  it('wrong PINs spread over several clinicians lock the device, not only each clinician', async () => {
    await withAdmin(h);
    const ids = await clinicians();
    const room3 = await pairedStaffDevice('Room 3');
    // Two wrong PINs per clinician stay far below each clinician's own limit of five.
    const codes: string[] = [];
    for (let n = 0; n < DEVICE_FREE_ATTEMPTS; n++) {
      const err = await h.fail(room3, 'staff.unlock', { clinicianId: ids[n % ids.length]!, pin: '9999' });
      codes.push(err.code);
    }
    expect(codes.slice(0, -1).every((c) => c === 'forbidden')).toBe(true);
    expect(codes.at(-1)).toBe('lockout');
    // Even the right PIN of a clinician with no wrong tries waits on this device...
    const locked = await h.fail(room3, 'staff.unlock', { clinicianId: ids[5]!, pin: '1006' });
    expect(locked.code).toBe('lockout');
    expect(locked.message).toMatch(/this device/);
    expect(locked.retryAt).toBeTruthy();
    // ...while another device, and the clinicians themselves elsewhere, carry on.
    const frontDesk = await pairedStaffDevice('Front desk');
    expect((await h.call(frontDesk, 'staff.unlock', { clinicianId: ids[5]!, pin: '1006' })).id).toBe(ids[5]);
    const audit = (await h.sql.get(
      "SELECT detail_json FROM audit_log WHERE action = 'staff.unlock.failed' ORDER BY id DESC LIMIT 1",
    )) as { detail_json: string };
    expect(JSON.parse(audit.detail_json)).toMatchObject({
      deviceId: room3.deviceId,
      deviceFailed: DEVICE_FREE_ATTEMPTS,
    });
    const listed = (await h.call(h.staff(), 'devices.list', {})).find((d) => d.id === room3.deviceId);
    expect(listed?.pinLockedUntil).toBe(locked.retryAt);
  });

  it('the wait ends with time; a right PIN then clears the device count', async () => {
    await withAdmin(h);
    const ids = await clinicians();
    const room3 = await pairedStaffDevice('Room 3');
    for (let n = 0; n < DEVICE_FREE_ATTEMPTS; n++)
      await h.fail(room3, 'staff.unlock', { clinicianId: ids[n % ids.length]!, pin: '9999' });
    h.clock.advance(31_000);
    expect((await h.call(room3, 'staff.unlock', { clinicianId: ids[0]!, pin: '1001' })).id).toBe(ids[0]);
    const row = (await h.sql.get(
      'SELECT failed_pin_attempts, pin_locked_until FROM devices WHERE id = ?',
      room3.deviceId,
    )) as { failed_pin_attempts: number; pin_locked_until: string | null };
    expect(row).toEqual({ failed_pin_attempts: 0, pin_locked_until: null });
  });

  it("callers that are not paired devices (this machine's own windows) keep the per-clinician rule only", async () => {
    await withAdmin(h);
    const ids = await clinicians();
    for (let n = 0; n < DEVICE_FREE_ATTEMPTS + 2; n++) {
      const err = await h.fail(h.staff('local'), 'staff.unlock', { clinicianId: ids[n % ids.length]!, pin: '9999' });
      expect(err.code).toBe('forbidden');
    }
  });
});
