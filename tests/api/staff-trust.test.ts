/**
 * Staff access: new PINs follow the rules (6+ digits for admins, no common PINs); wrong PINs count per place (a paired
 * device, or this machine's staff window) and clinician, so one person at one screen cannot lock the only admin out
 * everywhere; the recovery code printed at setup sets a new admin PIN once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../src-main/api/dispatch';
import { FREE_ATTEMPTS } from '../../src-main/api/pin';
import { makeHarness, type Harness } from '../support/clinician';
import type { SetupResult } from '../../src-main/api/types';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const setup = (caller = h.staff()): Promise<SetupResult> =>
  h.call(caller, 'staff.setup', { name: 'Dr Admin', pin: '246813', clinicPhone: '+44 20 7946 0000' });

async function pairedStaffDevice(name: string): Promise<Caller> {
  const { code } = await h.call(h.staff(), 'devices.pair.start', { role: 'staff', name });
  const paired = await h.core.devices.redeem(code, '198.18.0.9');
  if (!paired.ok) throw new Error(`pairing failed: ${paired.reason}`);
  return { channel: 'staff', key: `device:${paired.device.id}:tab`, deviceId: paired.device.id };
}

describe('new PINs', () => {
  it('first-run setup needs an admin PIN of 6+ digits that is not common, and keeps the clinic phone', async () => {
    for (const pin of ['2468', '123456', '000000'])
      expect((await h.fail(h.staff(), 'staff.setup', { name: 'Dr Admin', pin })).code).toBe('invalid_input');
    const admin = await setup();
    expect(admin.role).toBe('admin');
    expect((await (await h.sql.store()).readSettings()).clinicPhone).toBe('+44 20 7946 0000');
  });

  it('adding or re-PINning follows the role: 6 digits for an admin, no common PINs for anyone', async () => {
    await setup();
    const add = (role: 'admin' | 'clinician', pin: string) =>
      h.fail(h.staff(), 'admin.clinicians.add', { name: `New ${role}`, role, pin });
    expect((await add('admin', '5827')).message).toMatch(/at least 6 digits/);
    expect((await add('clinician', '1234')).message).toMatch(/too easy/);
    const c = await h.call(h.staff(), 'admin.clinicians.add', { name: 'Cleo', role: 'clinician', pin: '5827' });
    expect(c.role).toBe('clinician');
    expect((await h.fail(h.staff(), 'admin.clinicians.resetPin', { clinicianId: 1, pin: '5827' })).code).toBe(
      'invalid_input',
    );
    expect((await h.fail(h.staff(), 'admin.clinicians.resetPin', { clinicianId: c.id, pin: '7777' })).code).toBe(
      'invalid_input',
    );
  });
});

describe('wrong PINs count per place and clinician', () => {
  it('one device locking the only admin out leaves the admin free on other devices and this machine', async () => {
    const admin = await setup();
    const frontDesk = await pairedStaffDevice('Front desk');
    const room2 = await pairedStaffDevice('Room 2');
    for (let i = 0; i < FREE_ATTEMPTS; i++)
      await h.fail(frontDesk, 'staff.unlock', { clinicianId: admin.id, pin: '5827' });
    expect((await h.fail(frontDesk, 'staff.unlock', { clinicianId: admin.id, pin: '246813' })).code).toBe('lockout');
    expect((await h.call(room2, 'staff.unlock', { clinicianId: admin.id, pin: '246813' })).id).toBe(admin.id);
    expect((await h.call(h.staff('another-tab'), 'staff.unlock', { clinicianId: admin.id, pin: '246813' })).id).toBe(
      admin.id,
    );
    // The administrator sees the lockout on the staff list (the worst place counts).
    const listed = (await h.call(room2, 'admin.clinicians.list', {})).find((c) => c.id === admin.id);
    expect(listed?.failedAttempts).toBe(FREE_ATTEMPTS);
    expect(listed?.lockedUntil).toBeTruthy();
  });

  it("a new tab id is not a new place: this machine's windows share one count", async () => {
    const admin = await setup();
    for (let i = 0; i < FREE_ATTEMPTS; i++)
      await h.fail(h.staff(`tab-${i}`), 'staff.unlock', { clinicianId: admin.id, pin: '5827' });
    expect((await h.fail(h.staff('tab-fresh'), 'staff.unlock', { clinicianId: admin.id, pin: '246813' })).code).toBe(
      'lockout',
    );
  });
});

describe('the administrator recovery code', () => {
  it('is given once at setup, sets a new admin PIN through a lockout, and is then replaced', async () => {
    const { recoveryCode, id } = await setup();
    expect(recoveryCode).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(JSON.stringify(await h.sql.all('SELECT * FROM admin_recovery'))).not.toContain(recoveryCode);
    const locked = h.staff('locked-out');
    for (let i = 0; i < FREE_ATTEMPTS; i++) await h.fail(locked, 'staff.unlock', { clinicianId: id, pin: '5827' });
    // A wrong code counts like a wrong PIN; a weak new PIN is refused before the code is tried.
    const wrongCode = await h.fail(h.staff('other'), 'staff.recover', {
      clinicianId: id,
      code: 'AAAA-BBBB-CCCC-DDDD',
      pin: '907314',
    });
    expect(wrongCode.message).toMatch(/recovery code is not right/);
    expect(
      (await h.fail(h.staff('other'), 'staff.recover', { clinicianId: id, code: recoveryCode, pin: '111111' })).code,
    ).toBe('invalid_input');
    // Typed in lower case with spaces, as people do.
    const typed = recoveryCode.toLowerCase().replace(/-/g, ' ');
    const recovered = await h.call(h.staff('other'), 'staff.recover', { clinicianId: id, code: typed, pin: '907314' });
    expect(recovered.id).toBe(id);
    expect(recovered.recoveryCode).not.toBe(recoveryCode);
    // The new PIN works where the admin was locked out, the old one does not, and the used code is spent.
    expect((await h.call(locked, 'staff.unlock', { clinicianId: id, pin: '907314' })).id).toBe(id);
    expect((await h.fail(h.staff('x'), 'staff.unlock', { clinicianId: id, pin: '246813' })).code).toBe('forbidden');
    expect(
      (await h.fail(h.staff('y'), 'staff.recover', { clinicianId: id, code: recoveryCode, pin: '907315' })).code,
    ).toBe('forbidden');
    const audit = await h.sql.all("SELECT actor_id FROM audit_log WHERE action = 'staff.recover'");
    expect(audit).toEqual([{ actor_id: id }]);
  });
});
