/** admin.machine.*: this computer's mode comes from the shell; only an unlocked admin sees it or opens setup. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD_REFUSED } from '../../src-main/api/database-setting';
import type { DesktopCapabilities } from '../../src-main/api/handlers/deps';
import type { MachineStatus } from '../../src-main/api/methods/machine';
import {
  machineDatabaseFile,
  readMachineSetting,
  writeMachineSetting,
  type MachineSetting,
} from '../../src-main/station/machine-mode';
import { makeTestCore, type TestCore } from '../support/core';

let t: TestCore | undefined;
const dirs: string[] = [];
afterEach(() => {
  t?.dispose();
  t = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

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

/** A desktop shell whose machine.json (in a folder of its own) says `setting`, as electron/main.ts wires it. */
function desktopWith(setting: MachineSetting): { desktop: DesktopCapabilities; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stride-machine-'));
  dirs.push(dir);
  const file = join(dir, 'machine.json');
  writeMachineSetting(file, setting);
  const status: MachineStatus = { mode: setting.mode, hub: null, station: null, canChange: true };
  return {
    file,
    desktop: {
      openFile: () => Promise.resolve(''),
      machine: { status: () => status, openSetup: () => undefined, database: machineDatabaseFile(file) },
    },
  };
}

const URL = 'postgres://stride@db.clinic.lan:5432/stride';

describe('admin.machine.database', () => {
  it('only an unlocked administrator reads, saves or tests it', async () => {
    const { desktop, file } = desktopWith({ mode: 'hub', network: false, port: 8443 });
    t = await makeTestCore({ desktop });
    const calls: [string, unknown][] = [
      ['admin.machine.database', {}],
      ['admin.machine.database.set', { engine: 'postgres', url: URL }],
      ['admin.machine.database.test', { url: URL }],
    ];
    for (const [method, payload] of calls) {
      expect(await t.call(t.kiosk, method, payload), method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await t.call(t.staff, method, payload), method).toMatchObject({ ok: false, error: { code: 'locked' } });
    }
    await asAdmin(t);
    const added = await t.call(t.staff, 'admin.clinicians.add', {
      name: 'Cal Clinician',
      role: 'clinician',
      pin: '135792',
    });
    expect(added.ok).toBe(true);
    const clinician = { channel: 'staff' as const, key: 'test:clinician' };
    expect((await t.call(clinician, 'staff.unlock', { clinicianId: 2, pin: '135792' })).ok).toBe(true);
    for (const [method, payload] of calls)
      expect(await t.call(clinician, method, payload), method).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    // Nothing reached machine.json.
    expect(readMachineSetting(file)).toEqual({ mode: 'hub', network: false, port: 8443 });
  });

  it('the admin saves a connection string for the next start, audited; never one with a password', async () => {
    const { desktop, file } = desktopWith({ mode: 'hub', network: true, port: 8443 });
    t = await makeTestCore({ desktop });
    await asAdmin(t);
    expect(await t.call(t.staff, 'admin.machine.database', {})).toEqual({
      ok: true,
      value: { saved: { engine: 'sqlite' }, inUse: t.engine, canChange: true },
    });

    const refused = await t.call(t.staff, 'admin.machine.database.set', {
      engine: 'postgres',
      url: 'postgres://stride:Hush-42@db.clinic.lan/stride',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: PASSWORD_REFUSED } });
    expect(JSON.stringify(refused)).not.toContain('Hush-42');
    expect(await t.call(t.staff, 'admin.machine.database.test', { url: 'postgres://s:Hush-42@db/stride' })).toEqual({
      ok: true,
      value: { ok: false, message: PASSWORD_REFUSED },
    });
    expect(
      await t.call(t.staff, 'admin.machine.database.set', { engine: 'postgres', url: 'http://db/stride' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(readMachineSetting(file)).toEqual({ mode: 'hub', network: true, port: 8443 });

    const saved = await t.call(t.staff, 'admin.machine.database.set', { engine: 'postgres', url: ` ${URL} ` });
    // Saved for the next start: this Stride keeps the database it opened until then.
    expect(saved).toEqual({
      ok: true,
      value: { saved: { engine: 'postgres', url: URL }, inUse: t.engine, canChange: true },
    });
    expect(readMachineSetting(file)).toEqual({ mode: 'hub', network: true, port: 8443, database: URL });
    expect(readFileSync(file, 'utf8')).not.toMatch(/pass/i);
    expect(await t.call(t.staff, 'admin.machine.database', {})).toMatchObject({
      value: { saved: { engine: 'postgres', url: URL } },
    });
    const audit = await t.call(t.staff, 'admin.audit.list', {});
    expect(audit).toMatchObject({ ok: true });
    expect((audit as { value: { action: string; detail: unknown }[] }).value).toContainEqual(
      expect.objectContaining({ action: 'machine.database', detail: { engine: 'postgres', server: URL } }),
    );

    expect(await t.call(t.staff, 'admin.machine.database.set', { engine: 'sqlite' })).toMatchObject({
      ok: true,
      value: { saved: { engine: 'sqlite' } },
    });
    expect(readMachineSetting(file)).toEqual({ mode: 'hub', network: true, port: 8443 });
  });

  it('PostgreSQL is for the clinic hub: a standalone computer is told to become the hub first', async () => {
    const { desktop, file } = desktopWith({ mode: 'standalone' });
    t = await makeTestCore({ desktop });
    await asAdmin(t);
    expect(await t.call(t.staff, 'admin.machine.database.set', { engine: 'postgres', url: URL })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/make this computer the clinic hub first/) as unknown },
    });
    expect(readMachineSetting(file)).toEqual({ mode: 'standalone' });
  });

  it('where no desktop app keeps the choice it is only reported, and cannot be saved or tested', async () => {
    t = await makeTestCore();
    await asAdmin(t);
    expect(await t.call(t.staff, 'admin.machine.database', {})).toEqual({
      ok: true,
      value: { saved: null, inUse: t.engine, canChange: false },
    });
    for (const [method, payload] of [
      ['admin.machine.database.set', { engine: 'postgres', url: URL }],
      ['admin.machine.database.test', { url: URL }],
    ] as const)
      expect(await t.call(t.staff, method, payload), method).toMatchObject({
        ok: false,
        error: { code: 'unavailable', message: expect.stringMatching(/--database/) as unknown },
      });
  });
});
