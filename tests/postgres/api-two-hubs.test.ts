/**
 * Two hubs of a clinic group on one PostgreSQL database, through the real dispatcher: what one hub's staff set up,
 * pair, save or lock out is what the other hub's staff see, and both writing at once keep one audit chain. Skips,
 * with the reason in its name, where PostgreSQL's server binaries are absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { openStrideCore, type StrideCore } from '../../src-main/api/app';
import type { CoreEvent } from '../../src-main/api/core-events';
import type { Caller } from '../../src-main/api/dispatch';
import { DeviceAuthenticator } from '../../src-main/api/pairing';
import { loadVignettes, repoRoot, submissionFor, TestClock } from '../support/core';
import { createTestDatabase } from '../support/postgres';
import { LISTENER_APPLICATION_NAME } from '../../src-main/store/postgres/staff-events';
import pg from 'pg';

const provided = inject('postgres');
const skip = 'skip' in provided ? provided.skip : null;
const kiosk: Caller = { channel: 'kiosk', key: 'kiosk' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two hubs' cores on one fresh database, each with its own data folder, on one clock. */
async function twoHubs(): Promise<{ a: StrideCore; b: StrideCore; clock: TestClock; url: string }> {
  if ('skip' in provided) throw new Error(provided.skip);
  const database = await createTestDatabase(provided.adminUrl);
  cleanups.push(() => database.drop());
  const clock = new TestClock();
  const open = async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stride-pg-hub-'));
    const core = await openStrideCore({
      dataDir,
      resourcesDir: join(repoRoot, 'resources'),
      clock,
      backupSchedule: false,
      database: database.url,
    });
    cleanups.push(async () => {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    return core;
  };
  return { a: await open(), b: await open(), clock, url: database.url };
}

async function ok<T>(core: StrideCore, caller: Caller, method: string, input: unknown): Promise<T> {
  const r = await core.dispatch(caller, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** A clinician added by an unlocked administrator at `core`. */
const addClinician = (core: StrideCore, admin: Caller, name: string, pin: string) =>
  ok<{ id: number }>(core, admin, 'admin.clinicians.add', { name, role: 'clinician', pin });

describe.skipIf(skip !== null)(`two hubs of one database${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('share the staff, their PIN lockouts, settings, templates and retention', async () => {
    const { a, b } = await twoHubs();
    const atA: Caller = { channel: 'staff', key: 'a:desk' };
    const atB: Caller = { channel: 'staff', key: 'b:room' };
    const admin = await ok<{ id: number }>(a, atA, 'staff.setup', { name: 'Dr Ada Admin', pin: '246813' });
    expect(await ok(b, atB, 'staff.status', {})).toMatchObject({ hasClinicians: true });
    // A second first-run setup at the other hub is refused: there is one first administrator for the group.
    expect(await b.dispatch(atB, 'staff.setup', { name: 'Mallory', pin: '975318' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await ok(b, atB, 'staff.unlock', { clinicianId: admin.id, pin: '246813' })).toMatchObject({ id: admin.id });
    const sam = await addClinician(b, atB, 'Sam Physio', '1357');

    // Wrong PINs at either hub count against the one clinician.
    const samA: Caller = { channel: 'staff', key: 'a:sam' };
    const samB: Caller = { channel: 'staff', key: 'b:sam' };
    for (const [core, caller] of [
      [a, samA],
      [b, samB],
      [a, samA],
      [b, samB],
    ] as const)
      expect((await core.dispatch(caller, 'staff.unlock', { clinicianId: sam.id, pin: '0000' })).ok).toBe(false);
    expect(await a.dispatch(samA, 'staff.unlock', { clinicianId: sam.id, pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'lockout' },
    });
    expect(await b.dispatch(samB, 'staff.unlock', { clinicianId: sam.id, pin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'lockout' },
    });

    // Settings saved at B are in force at A once A has heard of them (a notice as the change commits).
    const settings = await ok<Record<string, unknown>>(b, atB, 'admin.settings.get', {});
    await ok(b, atB, 'admin.settings.update', { settings: { ...settings, clinicName: 'Hip Clinic North' } });
    await vi.waitFor(() => expect(a.settings.get().clinicName).toBe('Hip Clinic North'), { timeout: 5_000 });
    expect(await ok(a, atA, 'staff.unlock', { clinicianId: admin.id, pin: '246813' })).toMatchObject({ id: 1 });
    expect(await ok(a, atA, 'admin.settings.get', {})).toMatchObject({ clinicName: 'Hip Clinic North' });

    await ok(a, atA, 'records.retention', { recordsYears: 12 });
    expect(await ok(b, atB, 'records.retention', {})).toMatchObject({ recordsYears: 12 });
  });

  it('a device paired at one hub is known at the other; revoked at one, refused and cut off at both', async () => {
    const { a, b, clock } = await twoHubs();
    const atA: Caller = { channel: 'staff', key: 'a:desk' };
    await ok(a, atA, 'staff.setup', { name: 'Dr Ada Admin', pin: '246813' });
    const { code } = await ok<{ code: string }>(a, atA, 'devices.pair.start', { role: 'staff', name: 'Room 3 PC' });
    const paired = await b.devices.redeem(code, '10.0.0.7');
    if (!paired.ok) throw new Error(paired.reason);
    // Once only, across the group.
    expect(await a.devices.redeem(code, '10.0.0.8')).toMatchObject({ ok: false });
    const authA = new DeviceAuthenticator(() => a.devices, clock);
    const authB = new DeviceAuthenticator(() => b.devices, clock);
    expect(await authA.authenticate(paired.credential, '10.0.0.7')).toMatchObject({ id: paired.device.id });
    expect(await authB.authenticate(paired.credential, '10.0.0.7')).toMatchObject({ id: paired.device.id });
    expect(await ok(a, atA, 'devices.list', {})).toEqual([expect.objectContaining({ id: paired.device.id })]);

    // The hub closes a revoked device's event streams when its core says so (hub/server.ts): at both hubs.
    const heard = { a: [] as CoreEvent[], b: [] as CoreEvent[] };
    a.coreEvents.subscribe((e) => heard.a.push(e));
    b.coreEvents.subscribe((e) => heard.b.push(e));
    await ok(a, atA, 'devices.revoke', { deviceId: paired.device.id });
    const revoked = { type: 'device.revoked', deviceId: paired.device.id };
    await vi.waitFor(() => expect(heard.b).toEqual([revoked]), { timeout: 5_000 });
    // The revoking hub said so from its handler; the database's notice does not make it say so again.
    expect(heard.a).toEqual([revoked]);
    expect(await authB.authenticate(paired.credential, '10.0.0.7')).toBeNull();
    expect(await authA.authenticate(paired.credential, '10.0.0.7')).toBeNull();
  });

  it('a clinician disabled, or given a new PIN, at one hub loses the windows unlocked at the other', async () => {
    const { a, b } = await twoHubs();
    const adminA: Caller = { channel: 'staff', key: 'a:desk' };
    const adminB: Caller = { channel: 'staff', key: 'b:desk' };
    const admin = await ok<{ id: number }>(a, adminA, 'staff.setup', { name: 'Dr Ada Admin', pin: '246813' });
    const sam = await addClinician(a, adminA, 'Sam Physio', '1357');
    const kim = await addClinician(a, adminA, 'Kim Physio', '2468');
    const samB: Caller = { channel: 'staff', key: 'b:sam' };
    const kimB: Caller = { channel: 'staff', key: 'b:kim' };
    await ok(b, samB, 'staff.unlock', { clinicianId: sam.id, pin: '1357' });
    await ok(b, kimB, 'staff.unlock', { clinicianId: kim.id, pin: '2468' });
    await ok(b, adminB, 'staff.unlock', { clinicianId: admin.id, pin: '246813' });
    expect((await b.dispatch(samB, 'queue.list', {})).ok).toBe(true);

    await ok(a, adminA, 'admin.clinicians.setDisabled', { clinicianId: sam.id, disabled: true });
    await ok(a, adminA, 'admin.clinicians.resetPin', { clinicianId: kim.id, pin: '8642' });
    // The admin's own new PIN leaves the admin's windows open, as on one hub.
    await ok(a, adminA, 'admin.clinicians.resetPin', { clinicianId: admin.id, pin: '975318' });
    const locked = { ok: false, error: { code: 'locked' } };
    await vi.waitFor(async () => expect(await b.dispatch(samB, 'queue.list', {})).toMatchObject(locked), {
      timeout: 5_000,
    });
    await vi.waitFor(async () => expect(await b.dispatch(kimB, 'queue.list', {})).toMatchObject(locked), {
      timeout: 5_000,
    });
    expect((await b.dispatch(adminB, 'queue.list', {})).ok).toBe(true);
    expect((await a.dispatch(adminA, 'queue.list', {})).ok).toBe(true);
    expect(await b.dispatch(kimB, 'staff.unlock', { clinicianId: kim.id, pin: '8642' })).toMatchObject({ ok: true });
  });

  it('access withdrawn while a hub was cut off (revoked, disabled, new PIN) is caught up', async () => {
    const { a, b, url } = await twoHubs();
    const adminA: Caller = { channel: 'staff', key: 'a:desk' };
    await ok(a, adminA, 'staff.setup', { name: 'Dr Ada Admin', pin: '246813' });
    const sam = await addClinician(a, adminA, 'Sam Physio', '1357');
    const kim = await addClinician(a, adminA, 'Kim Physio', '2468');
    const samB: Caller = { channel: 'staff', key: 'b:sam' };
    const kimB: Caller = { channel: 'staff', key: 'b:kim' };
    const adminB: Caller = { channel: 'staff', key: 'b:desk' };
    await ok(b, samB, 'staff.unlock', { clinicianId: sam.id, pin: '1357' });
    await ok(b, kimB, 'staff.unlock', { clinicianId: kim.id, pin: '2468' });
    await ok(b, adminB, 'staff.unlock', { clinicianId: 1, pin: '246813' });
    // The admin's own new PIN, heard in time: the admin's window at B stays open (as on one hub), now by the new PIN.
    await ok(a, adminA, 'admin.clinicians.resetPin', { clinicianId: 1, pin: '975318' });
    const { code } = await ok<{ code: string }>(a, adminA, 'devices.pair.start', { role: 'staff', name: 'Room 3 PC' });
    const paired = await b.devices.redeem(code, '10.0.0.7');
    if (!paired.ok) throw new Error(paired.reason);
    const heardB: CoreEvent[] = [];
    b.coreEvents.subscribe((e) => heardB.push(e));

    // Both hubs' LISTEN connections cut (a network blip, a server restart): NOTIFYs meanwhile reach no one.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const listeners = () =>
        admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
          LISTENER_APPLICATION_NAME,
        ]);
      const cut = (await listeners()).rows.map((r) => r.pid);
      expect(cut).toHaveLength(2);
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [cut]);
      await vi.waitFor(async () => expect((await listeners()).rows.filter((r) => cut.includes(r.pid))).toEqual([]), {
        timeout: 5_000,
        interval: 5,
      });
      await ok(a, adminA, 'devices.revoke', { deviceId: paired.device.id });
      await ok(a, adminA, 'admin.clinicians.setDisabled', { clinicianId: sam.id, disabled: true });
      await ok(a, adminA, 'admin.clinicians.resetPin', { clinicianId: kim.id, pin: '8642' });
      expect(heardB).toEqual([]);
      expect((await b.dispatch(samB, 'queue.list', {})).ok).toBe(true);
      expect((await b.dispatch(kimB, 'queue.list', {})).ok).toBe(true);

      // Back: hub B reads what it missed from the database.
      await vi.waitFor(() => expect(heardB).toEqual([{ type: 'device.revoked', deviceId: paired.device.id }]), {
        timeout: 10_000,
      });
      const locked = { ok: false, error: { code: 'locked' } };
      for (const window of [samB, kimB])
        await vi.waitFor(async () => expect(await b.dispatch(window, 'queue.list', {})).toMatchObject(locked), {
          timeout: 10_000,
        });
      // The admin unlocked at B with the old PIN and heard the change in time: still open.
      expect((await b.dispatch(adminB, 'queue.list', {})).ok).toBe(true);
    } finally {
      await admin.end();
    }
  });

  it('kiosks at both hubs submitting at once: every intake stored once, one audit chain intact', async () => {
    const { a, b } = await twoHubs();
    const admin: Caller = { channel: 'staff', key: 'a:desk' };
    await ok(a, admin, 'staff.setup', { name: 'Dr Ada Admin', pin: '246813' });
    const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
    const receipts = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        ok<{ checkInCode: string }>(i % 2 ? b : a, kiosk, 'intake.submit', submissionFor(v, '2026-11-26', `Pat ${i}`)),
      ),
    );
    expect(new Set(receipts.map((r) => r.checkInCode)).size).toBe(16);
    expect(await ok<unknown[]>(a, admin, 'queue.list', {})).toHaveLength(16);
    // The set-up, 16 intakes and the queue read.
    expect(await ok(a, admin, 'admin.audit.verify', {})).toMatchObject({ ok: true, rows: 18 });
  });
});
