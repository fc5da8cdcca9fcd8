import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffEventsDelivered } from '../support/test-engine';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { FREE_ATTEMPTS, hashPin, lockoutUntil, verifyPin } from '../../src-main/api/pin';

let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore();
});
afterEach(() => t.dispose());

const rowCounts = async () =>
  Object.fromEntries(
    await Promise.all(
      ['patients', 'intake_sessions', 'clinicians', 'audit_log'].map(async (table) => [
        table,
        (await t.sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n,
      ]),
    ),
  );

const vignette = () => {
  const v = loadVignettes().find((x) => x.expectRedFlags.length === 0);
  if (!v) throw new Error('no routine vignette');
  return v;
};

describe('intake.submit', () => {
  it('writes the patient, the session with its triage result and an audit row together', async () => {
    const v = vignette();
    const r = await t.call(t.kiosk, 'intake.submit', submissionFor(v, '2026-11-26', 'Łukasz Nowak'));
    expect(r.ok).toBe(true);
    const row = (await t.sql.get(
      `SELECT s.id, s.content_version, s.check_in_code, p.full_name
         FROM intake_sessions s JOIN patients p ON p.id = s.patient_id`,
    )) as { id: number; content_version: string; check_in_code: string; full_name: string };
    expect(row.full_name).toBe('Łukasz Nowak');
    expect(r.ok && (r.value as { checkInCode: string }).checkInCode).toBe(row.check_in_code);
    const triage = (await (await t.sql.store()).sessionRecord(row.id))!.triage;
    expect(triage.suggestions.slice(0, 3).map((s) => s.conditionId)).toEqual(expect.arrayContaining(v.expectTop3));
    expect(row.content_version).toBe(triage.contentVersion);
    expect(await rowCounts()).toMatchObject({ patients: 1, intake_sessions: 1, audit_log: 1 });
  });

  it('tells the kiosk to send a red-flag patient to the front desk, and alerts staff at once', async () => {
    const v = loadVignettes().find((x) => x.expectUrgency === 'emergency');
    if (!v) throw new Error('no emergency vignette');
    const events: unknown[] = [];
    t.core.events.subscribe((e) => events.push(e));
    const r = await t.call(t.kiosk, 'intake.submit', submissionFor(v));
    expect(r).toMatchObject({ ok: true, value: { seeFrontDesk: true } });
    await staffEventsDelivered(t.core, t.sql);
    expect(events).toContainEqual(expect.objectContaining({ type: 'alert.urgent', urgency: 'emergency' }));
    // The kiosk learns nothing clinical: only a code and where to go.
    expect(Object.keys(r.ok ? (r.value as object) : {}).sort()).toEqual(['checkInCode', 'seeFrontDesk']);
  });

  it.each([
    ['an empty name', { fullName: '   ' }, 'patient.fullName'],
    ['a date of birth in the future', { dateOfBirth: '2999-01-01' }, 'patient.dateOfBirth'],
    ['a date that does not exist', { dateOfBirth: '1990-02-30' }, 'patient.dateOfBirth'],
  ])('rejects %s naming the field, and writes nothing', async (_label, patch, path) => {
    const base = submissionFor(vignette());
    const before = await rowCounts();
    const r = await t.call(t.kiosk, 'intake.submit', { ...base, patient: { ...base.patient, ...patch } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.fields?.map((f) => f.path)).toContain(path);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects answers the questionnaire does not have, and writes nothing', async () => {
    const base = submissionFor(vignette());
    const r = await t.call(t.kiosk, 'intake.submit', {
      ...base,
      answers: { ...base.answers, pain_now: 42, favourite_colour: 'blue' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['answers.pain_now']));
    expect((await rowCounts()).intake_sessions).toBe(0);
  });

  it('rejects extra top-level fields instead of ignoring them', async () => {
    const r = await t.call(t.kiosk, 'intake.submit', { ...submissionFor(vignette()), isAdmin: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('roles', () => {
  it('the kiosk channel cannot call any staff method, and the staff channel cannot submit intakes', async () => {
    for (const m of ['staff.status', 'staff.setup', 'staff.unlock', 'staff.lock', 'queue.list', 'session.open']) {
      expect((await t.call(t.kiosk, m, {})).ok ? 'allowed' : 'denied', m).toBe('denied');
      const r = await t.call(t.kiosk, m, {});
      if (!r.ok) expect(r.error.code).toBe('forbidden');
    }
    expect(await t.call(t.staff, 'intake.submit', submissionFor(vignette()))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('clinician methods need an unlocked clinician', async () => {
    expect(await t.call(t.staff, 'queue.list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
  });

  it('unknown methods are refused by name', async () => {
    expect(await t.call(t.staff, 'db.dropEverything', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
  });
});

describe('staff access', () => {
  async function setUp() {
    const r = await t.call(t.staff, 'staff.setup', { name: 'Amara Okafor', pin: '246813' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { id: number };
  }

  it('first-run setup creates one admin, once', async () => {
    const admin = await setUp();
    expect(admin).toMatchObject({ role: 'admin' });
    expect(
      await t.call({ channel: 'staff', key: 'other' }, 'staff.setup', { name: 'Intruder', pin: '1234' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('a PIN is never stored in the clear', async () => {
    await setUp();
    const row = (await t.sql.get('SELECT pin_hash, pin_salt FROM clinicians')) as {
      pin_hash: string;
      pin_salt: string;
    };
    expect(row.pin_hash).not.toContain('246813');
    expect(verifyPin('246813', row.pin_salt, row.pin_hash)).toBe(true);
    expect(verifyPin('2469', row.pin_salt, row.pin_hash)).toBe(false);
  });

  it('locks out after five wrong PINs, even the right PIN, and the lockout survives a restart', async () => {
    const admin = await setUp();
    const other = { channel: 'staff' as const, key: 'second-window' };
    for (let i = 1; i < FREE_ATTEMPTS; i++) {
      const r = await t.call(other, 'staff.unlock', { clinicianId: admin.id, pin: '0000' });
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      // The clinician is told how many tries are left before the wait.
      if (!r.ok) expect(r.error.message).toContain(`${FREE_ATTEMPTS - i} more tr`);
    }
    const fifth = await t.call(other, 'staff.unlock', { clinicianId: admin.id, pin: '0000' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'lockout' } });
    t = await t.reopen();
    expect(await t.call(other, 'staff.unlock', { clinicianId: admin.id, pin: '246813' })).toMatchObject({
      ok: false,
      error: { code: 'lockout' },
    });
    t.clock.advance(31_000);
    expect(await t.call(other, 'staff.unlock', { clinicianId: admin.id, pin: '246813' })).toMatchObject({ ok: true });
  });

  it('lockout delays grow with each further failure', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const delays = [5, 6, 7, 8].map((n) => (lockoutUntil(n, now)?.getTime() ?? 0) - now.getTime());
    expect(lockoutUntil(4, now)).toBeNull();
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(new Set(delays).size).toBe(4);
  });

  it('locks a staff window after the idle time', async () => {
    await setUp();
    expect((await t.call(t.staff, 'queue.list', {})).ok).toBe(true);
    t.clock.advance(5 * 60_000 + 1);
    expect(await t.call(t.staff, 'queue.list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
  });

  it('opening a session is audited with the clinician who read it', async () => {
    const admin = await setUp();
    await t.call(t.kiosk, 'intake.submit', submissionFor(vignette()));
    const queue = await t.call(t.staff, 'queue.list', {});
    const first = queue.ok ? (queue.value as { sessionId: number }[])[0] : undefined;
    expect(first).toBeDefined();
    const opened = await t.call(t.staff, 'session.open', { sessionId: first!.sessionId });
    expect(opened).toMatchObject({ ok: true, value: { status: 'in-review' } });
    const audit = await t.sql.all("SELECT actor_id, target_id FROM audit_log WHERE action = 'session.open'");
    expect(audit).toEqual([{ actor_id: admin.id, target_id: first!.sessionId }]);
  });

  it('hashes with a fresh salt each time', () => {
    expect(hashPin('1234').salt).not.toBe(hashPin('1234').salt);
  });
});
