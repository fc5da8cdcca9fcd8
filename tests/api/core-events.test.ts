/**
 * The core tells its shell what happened (core-events.ts): emitted by the handler that caused it, after its change is
 * committed, and never when the call failed. The Electron side of this is in tests/electron/main-wiring.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../src-main/api/core-events';
import type { StaffEvent } from '../../src-main/api/contract';
import { makeTestCore, type TestCore } from '../support/core';
import { captureLog } from '../support/log';
import { staffEventsDelivered } from '../support/test-engine';

let t: TestCore;
afterEach(() => t?.dispose());

function listen(core: TestCore['core']) {
  const heard = { core: [] as CoreEvent[], staff: [] as StaffEvent[] };
  core.coreEvents.subscribe((e) => heard.core.push(e));
  core.events.subscribe((e) => heard.staff.push(e));
  return heard;
}

async function adminCore(): Promise<TestCore> {
  const c = await makeTestCore();
  expect((await c.call(c.staff, 'staff.setup', { name: 'Dr Admin', pin: '246813' })).ok).toBe(true);
  return c;
}

describe('core events for the shell', () => {
  it('a saved settings change emits settings.changed with the settings now in force, once', async () => {
    t = await adminCore();
    const heard = listen(t.core);
    const result = await t.call(t.staff, 'admin.settings.update', {
      settings: { ...t.core.settings.get(), kioskDisplayId: 2, kioskFullscreen: false },
    });
    expect(result.ok).toBe(true);
    // On PostgreSQL this hub also hears its own change from the database: still once.
    await staffEventsDelivered(t.core, t.sql);
    heard.staff = heard.staff.filter((e) => e.type !== 'queue.changed'); // the barrier's own marker
    expect(heard.core).toEqual([
      { type: 'settings.changed', settings: expect.objectContaining({ kioskDisplayId: 2, kioskFullscreen: false }) },
    ]);
    // The same settings the caller got back: what is in force, every default filled in.
    expect(heard.core[0]).toEqual({ type: 'settings.changed', settings: result.ok ? result.value : null });
    // Not a staff-window event.
    expect(heard.staff).toEqual([]);
  });

  it('a failed settings update emits nothing: invalid input, a locked window, a non-admin, the kiosk', async () => {
    t = await adminCore();
    const add = await t.call(t.staff, 'admin.clinicians.add', { name: 'Sam Physio', role: 'clinician', pin: '1357' });
    expect(add.ok).toBe(true);
    const before = t.core.settings.get();
    const heard = listen(t.core);

    const invalid = await t.call(t.staff, 'admin.settings.update', { settings: { ...before, kioskIdleSeconds: 1 } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const kiosk = await t.call(t.kiosk, 'admin.settings.update', { settings: { ...before, kioskDisplayId: 2 } });
    expect(kiosk).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const other = { channel: 'staff' as const, key: 'test:staff-2' };
    const locked = await t.call(other, 'admin.settings.update', { settings: { ...before, kioskDisplayId: 2 } });
    expect(locked).toMatchObject({ ok: false, error: { code: 'locked' } });

    const samId = (add as { ok: true; value: { id: number } }).value.id;
    expect((await t.call(other, 'staff.unlock', { clinicianId: samId, pin: '1357' })).ok).toBe(true);
    heard.core.length = 0;
    const notAdmin = await t.call(other, 'admin.settings.update', { settings: { ...before, kioskDisplayId: 2 } });
    expect(notAdmin).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(heard.core).toEqual([]);
    expect(t.core.settings.get()).toEqual(before);
  });

  it('staff.lock emits staff.locked with the caller, on the core bus only', async () => {
    t = await adminCore();
    const heard = listen(t.core);
    expect((await t.call(t.staff, 'staff.lock', {})).ok).toBe(true);
    expect(heard.core).toEqual([{ type: 'staff.locked', caller: t.staff }]);
    expect(heard.staff).toEqual([]);
    // A lock from the kiosk is refused by the dispatcher before any handler runs.
    heard.core.length = 0;
    expect((await t.call(t.kiosk, 'staff.lock', {})).ok).toBe(false);
    expect(heard.core).toEqual([]);
  });

  it('the kiosk asking for staff tells the shell and, separately, the staff windows', async () => {
    t = await makeTestCore();
    const heard = listen(t.core);
    expect((await t.call(t.kiosk, 'kiosk.summonStaff', {})).ok).toBe(true);
    expect(heard.core).toEqual([{ type: 'staff.requested' }]);
    expect(heard.staff).toEqual([{ type: 'kiosk.staffRequested' }]);
  });

  it('a shell listener that throws is logged and does not fail the call or silence other listeners', async () => {
    const log = captureLog();
    t = await makeTestCore({ logger: log.logger });
    expect((await t.call(t.staff, 'staff.setup', { name: 'Dr Admin', pin: '246813' })).ok).toBe(true);
    t.core.coreEvents.subscribe(() => {
      throw new Error('window gone: Dr Admin');
    });
    const heard = listen(t.core);
    expect((await t.call(t.staff, 'staff.lock', {})).ok).toBe(true);
    expect(heard.core).toHaveLength(1);
    expect(log.entries()).toContainEqual(
      expect.objectContaining({ level: 'error', kind: 'events.listener-failed', bus: 'core', errorName: 'Error' }),
    );
    expect(log.lines.join('\n')).not.toContain('Dr Admin');
  });
});
