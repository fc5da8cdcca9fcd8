/**
 * Access over the WHOLE contract: iterating `contract` means a method added later is checked without touching this
 * file. Handlers are replaced by spies, so "denied" means the handler never ran, whatever the payload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { contract, methodNames, type MethodName } from '../../src-main/api/contract';
import { createDispatcher, type Caller, type Handlers, type UnlockGate } from '../../src-main/api/dispatch';
import type { ClinicianSummary } from '../../src-main/api/types';
import { makeTestCore, type TestCore } from '../support/core';

/** The only methods a staff window may call before unlocking. Adding one here is a deliberate security decision. */
const STAFF_OPEN = ['staff.lock', 'staff.recover', 'staff.setup', 'staff.status', 'staff.unlock'];

const kiosk: Caller = { channel: 'kiosk', key: 'k' };
const lockedStaff: Caller = { channel: 'staff', key: 'locked' };
const clinicianStaff: Caller = { channel: 'staff', key: 'clinician' };
const adminStaff: Caller = { channel: 'staff', key: 'admin' };

const people: Record<string, ClinicianSummary> = {
  clinician: { id: 2, name: 'Cleo Clinician', role: 'clinician' },
  admin: { id: 1, name: 'Ada Admin', role: 'admin' },
};
const gate: UnlockGate = { clinicianFor: (c) => (c.channel === 'staff' ? (people[c.key] ?? null) : null) };

function spyDispatcher() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    methodNames.map((m) => [
      m,
      () => {
        calls.push(m);
        return { spy: true };
      },
    ]),
  ) as unknown as Handlers;
  return { calls, dispatch: createDispatcher(handlers, gate) };
}

/** A payload the method's schema accepts, built from its shape, so denials are shown for valid requests too. */
const SAMPLE_VALUES: Record<string, unknown> = {
  sessionId: 1,
  patientId: 1,
  clinicianId: 1,
  handoutId: 1,
  templateId: 1,
  id: 1,
  date: '2026-11-26',
  name: 'stride-20261126T090000000Z.db',
  pin: '246813',
  query: 'nu',
  q: 'nu',
  locale: 'en',
  disabled: true,
  status: 'seen',
};
function samplePayloads(method: MethodName): unknown[] {
  const schema = contract[method].input as z.ZodType;
  const out: unknown[] = [
    {},
    null,
    'x',
    { __proto__: { admin: true } },
    { constructor: { prototype: { role: 'admin' } } },
  ];
  if (schema instanceof z.ZodObject) {
    const shape = (schema as z.ZodObject<z.ZodRawShape>).shape;
    const candidate = Object.fromEntries(
      Object.keys(shape)
        .filter((k) => k in SAMPLE_VALUES)
        .map((k) => [k, SAMPLE_VALUES[k]]),
    );
    out.push(candidate);
    if ('name' in shape) out.push({ ...candidate, name: 'Cleo Clinician' });
  }
  return out;
}
const validSample = (m: MethodName) => samplePayloads(m).find((p) => contract[m].input.safeParse(p).success);

const byAccess = (access: string) => methodNames.filter((m) => contract[m].access === access);

describe('the contract as a whole', () => {
  it('every method declares one of the four access levels, and only the known ones are open before unlock', () => {
    for (const m of methodNames) expect(['kiosk', 'staff-open', 'clinician', 'admin'], m).toContain(contract[m].access);
    expect(byAccess('staff-open').sort()).toEqual(STAFF_OPEN);
    expect(byAccess('admin').length).toBeGreaterThan(0);
    expect(byAccess('clinician').length).toBeGreaterThan(0);
  });

  it('the sample payloads are valid for most methods, so the denials below are not just validation errors', () => {
    const withSample = methodNames.filter((m) => validSample(m) !== undefined);
    expect(withSample.length / methodNames.length).toBeGreaterThan(0.5);
  });
});

describe.each(methodNames.map((m) => [m, contract[m].access] as const))('%s (%s)', (method, access) => {
  const denied = async (caller: Caller, codes: string[]) => {
    const { calls, dispatch } = spyDispatcher();
    for (const payload of samplePayloads(method)) {
      const r = await dispatch(caller, method, payload);
      expect(r.ok, `${caller.key} ${JSON.stringify(payload)}`).toBe(false);
      if (!r.ok) expect(codes, JSON.stringify(r.error)).toContain(r.error.code);
    }
    expect(calls).toEqual([]);
    // With a valid payload the reason is the access rule itself, not the payload.
    const valid = validSample(method);
    if (valid !== undefined) {
      const r = await dispatch(caller, method, valid);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe(codes[0]);
    }
  };

  if (access === 'clinician' || access === 'admin') {
    it('denies the kiosk channel', () => denied(kiosk, ['forbidden']));
    it('denies a locked staff window', () => denied(lockedStaff, ['locked', 'invalid_input']));
  }
  if (access === 'admin') {
    it('denies a clinician who is not an administrator', () => denied(clinicianStaff, ['forbidden', 'invalid_input']));
    it('reaches the handler for an unlocked administrator with a valid payload', async () => {
      const valid = validSample(method);
      if (valid === undefined) return;
      const { calls, dispatch } = spyDispatcher();
      expect(await dispatch(adminStaff, method, valid)).toEqual({ ok: true, value: { spy: true } });
      expect(calls).toEqual([method]);
    });
  }
  if (access === 'kiosk') {
    it('denies every staff window, even an unlocked administrator', async () => {
      await denied(lockedStaff, ['forbidden']);
      await denied(adminStaff, ['forbidden']);
    });
  }
  if (access === 'staff-open') {
    it('denies the kiosk channel', () => denied(kiosk, ['forbidden']));
  }
});

describe('PIN brute force across restarts', () => {
  let t: TestCore;
  afterEach(() => {
    t.dispose();
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('the lockout and its growing delay survive closing and reopening the core', async () => {
    t = await makeTestCore();
    const staff: Caller = { channel: 'staff', key: 'pc' };
    expect((await t.call(staff, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
    await t.call(staff, 'staff.lock', {});
    const unlock = (pin: string) => t.call(staff, 'staff.unlock', { clinicianId: 1, pin });

    for (let i = 0; i < 4; i++) expect(await unlock('0000')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const fifth = await unlock('0000');
    expect(fifth).toMatchObject({ ok: false, error: { code: 'lockout' } });
    const firstDelay = Date.parse((fifth as { error: { retryAt: string } }).error.retryAt) - t.clock.now().getTime();
    expect(firstDelay).toBeGreaterThan(0);

    // Restart: the right PIN is still refused until the delay has passed.
    t = await t.reopen();
    expect(await unlock('246813')).toMatchObject({ ok: false, error: { code: 'lockout' } });
    t.clock.advance(firstDelay + 1);

    // The next wrong PIN locks for longer than the last time, also after another restart.
    const sixth = await unlock('0000');
    const secondDelay = Date.parse((sixth as { error: { retryAt: string } }).error.retryAt) - t.clock.now().getTime();
    expect(secondDelay).toBeGreaterThan(firstDelay);
    t = await t.reopen();
    t.clock.advance(secondDelay - 1000);
    expect(await unlock('246813')).toMatchObject({ ok: false, error: { code: 'lockout' } });
    t.clock.advance(1001);
    expect(await unlock('246813')).toMatchObject({ ok: true });
    // A success resets the count: one wrong PIN is an ordinary mistake again.
    await t.call(staff, 'staff.lock', {});
    expect(await unlock('0000')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
