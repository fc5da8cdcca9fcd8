/** admin.machine.*: this computer's mode comes from the shell; only an unlocked admin sees it or opens setup. */
import { afterEach, describe, expect, it } from 'vitest';
import type { MachineStatus } from '../../src-main/api/methods/machine';
import { makeTestCore, type TestCore } from '../support/core';

let t: TestCore | undefined;
afterEach(() => t?.dispose());

async function asAdmin(core: TestCore) {
  expect((await core.call(core.staff, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
  expect((await core.call(core.staff, 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
}

describe('admin.machine', () => {
  it('reports what the desktop shell says and opens its setup window', async () => {
    const hubStatus: MachineStatus = {
      mode: 'hub',
      hub: { origins: ['https://192.168.1.20:8443'], caFingerprint: 'AB:CD', network: true },
      station: null,
      canChange: true,
    };
    let opened = 0;
    t = await makeTestCore({
      desktop: { openFile: () => Promise.resolve(''), machine: { status: () => hubStatus, openSetup: () => opened++ } },
    });
    expect(await t.call(t.staff, 'admin.machine.status', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await t.call(t.kiosk, 'admin.machine.status', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await asAdmin(t);
    expect(await t.call(t.staff, 'admin.machine.status', {})).toEqual({ ok: true, value: hubStatus });
    expect(await t.call(t.staff, 'admin.machine.setup', {})).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toBe(1);
  });

  it('has no mode where no desktop shell runs the core', async () => {
    t = await makeTestCore();
    await asAdmin(t);
    expect(await t.call(t.staff, 'admin.machine.status', {})).toEqual({
      ok: true,
      value: { mode: null, hub: null, station: null, canChange: false },
    });
    expect(await t.call(t.staff, 'admin.machine.setup', {})).toEqual({ ok: true, value: { opened: false } });
  });

  it('a headless hub reports itself as the hub, with the addresses it serves, and cannot be changed', async () => {
    t = await makeTestCore();
    await asAdmin(t);
    t.core.setNetworkIdentity({
      origins: ['https://192.168.1.20:8443', 'https://127.0.0.1:8443'],
      caFingerprint: 'AB',
    });
    expect(await t.call(t.staff, 'admin.machine.status', {})).toEqual({
      ok: true,
      value: {
        mode: 'hub',
        hub: { origins: ['https://192.168.1.20:8443', 'https://127.0.0.1:8443'], caFingerprint: 'AB', network: true },
        station: null,
        canChange: false,
      },
    });
    t.core.setNetworkIdentity({ origins: ['https://127.0.0.1:8443', 'https://[::1]:8443'], caFingerprint: 'AB' });
    expect(await t.call(t.staff, 'admin.machine.status', {})).toMatchObject({
      value: { mode: 'hub', hub: { network: false } },
    });
  });
});
