/**
 * An intake that waited on a kiosk for the hub (the outboxes send how long, core/held-intake.ts) is the visit of the
 * time the patient finished: its date, their age, its check-in code day. It still stands in the queue of the day it
 * arrived, with when it arrived, so an urgent one nobody saw is raised then, and said to be late.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffEvent } from '../../src-main/api/contract';
import type { Caller } from '../../src-main/api/dispatch';
import { localDate } from '../../src-main/core/clock';
import { HELD_NOTICE_MS } from '../../src-main/core/held-intake';
import { staffEventsDelivered } from '../support/test-engine';
import { makeHarness, routineIntake, urgentIntake, withAdmin, type Harness } from '../support/clinician';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  await withAdmin(h);
});
afterEach(() => h.close());

const HOUR = 3_600_000;
const heldKiosk = (heldForMs: number): Caller => ({ ...h.kiosk, heldForMs });
const ID = '5c2e9a10-4b7d-4e21-9f3a-8d6c1b0e7a42';

interface StoredSession {
  submitted_at: string;
  local_date: string;
  received_at: string | null;
  received_on: string | null;
  answers_json: string;
}
const session = async (id: number) =>
  (await h.sql.get<StoredSession>(
    `SELECT submitted_at, local_date, received_at, received_on, answers_json FROM intake_sessions WHERE id = ${id}`,
  ))!;

describe('an intake delivered late by a kiosk outbox', () => {
  it('is filed under the time the patient finished, with when it reached the hub beside it', async () => {
    const received = h.clock.now();
    const finished = new Date(received.getTime() - 30 * HOUR);
    // Born on the day it arrived: the age is the one on the day the patient answered.
    const patient = { fullName: 'Maja Lind', dateOfBirth: `2000-${localDate(received).slice(5)}` };
    await h.call(heldKiosk(30 * HOUR), 'intake.submit', { ...routineIntake, patient, submissionId: ID });

    const s = await session(1);
    expect(s.submitted_at).toBe(finished.toISOString());
    expect(s.local_date).toBe(localDate(finished));
    expect(s.received_at).toBe(received.toISOString());
    expect(s.received_on).toBe(localDate(received));
    expect(JSON.parse(s.answers_json).age).toBe(Number(localDate(received).slice(0, 4)) - 2001);

    // The audit log and the submission id keep the order things happened on the hub.
    const audit = await h.sql.get<{ at: string; detail_json: string }>(
      "SELECT at, detail_json FROM audit_log WHERE action = 'intake.submit'",
    );
    expect(audit?.at).toBe(received.toISOString());
    expect(JSON.parse(audit!.detail_json)).toMatchObject({ heldForMs: 30 * HOUR });
  });

  it('stands in the queue of the day it arrived and of the day it was answered, saying when it arrived', async () => {
    const received = h.clock.now();
    const finished = new Date(received.getTime() - 26 * HOUR);
    await h.call(heldKiosk(26 * HOUR), 'intake.submit', routineIntake);
    h.clock.advance(60_000);
    await h.call(h.kiosk, 'intake.submit', {
      ...routineIntake,
      patient: { fullName: 'Ian Cho', dateOfBirth: '1985-06-01' },
    });

    const today = await h.call(h.staff(), 'queue.list', {});
    expect(today.map((q) => [q.patientName, q.receivedAt])).toEqual([
      ['Zoë Núñez', received.toISOString()],
      ['Ian Cho', null],
    ]);
    expect(today[0]!.submittedAt).toBe(finished.toISOString());
    const thatDay = await h.call(h.staff(), 'queue.list', { date: localDate(finished) });
    expect(thatDay.map((q) => q.patientName)).toEqual(['Zoë Núñez']);
    const detail = await h.call(h.staff(), 'session.open', { sessionId: 1 });
    expect([detail.submittedAt, detail.receivedAt]).toEqual([finished.toISOString(), received.toISOString()]);
  });

  it('an urgent one still alerts, and stays unacknowledged in the queue until someone acknowledges it', async () => {
    const events: StaffEvent[] = [];
    h.core.events.subscribe((e) => events.push(e));
    const receipt = await h.call(heldKiosk(20 * HOUR), 'intake.submit', urgentIntake);
    await staffEventsDelivered(h.core, h.sql);
    expect(events).toContainEqual({
      type: 'alert.urgent',
      sessionId: 1,
      urgency: 'emergency',
      checkInCode: receipt.checkInCode,
    });
    const [item] = await h.call(h.staff(), 'queue.list', {});
    expect(item).toMatchObject({ urgency: 'emergency', alertAcknowledged: false });
    expect(item!.receivedAt).not.toBeNull();
  });

  it("keeps the kiosk's code only if it is free in both days' queues: no alert's code names two patients", async () => {
    const other = { fullName: 'Ian Cho', dateOfBirth: '1985-06-01' };
    const today = await h.call(h.kiosk, 'intake.submit', { ...routineIntake, patient: other, checkInCode: 'K7QX' });
    expect(today.checkInCode).toBe('K7QX');
    const late = await h.call(heldKiosk(26 * HOUR), 'intake.submit', { ...urgentIntake, checkInCode: 'K7QX' });
    expect(late.checkInCode).not.toBe('K7QX');
    // And the other way round: a late arrival's code is taken in today's queue for those who come after it.
    const first = await h.call(heldKiosk(26 * HOUR), 'intake.submit', { ...routineIntake, checkInCode: 'M4PR' });
    expect(first.checkInCode).toBe('M4PR');
    const next = await h.call(h.kiosk, 'intake.submit', { ...routineIntake, patient: other, checkInCode: 'M4PR' });
    expect(next.checkInCode).not.toBe('M4PR');
    const codes = (await h.call(h.staff(), 'queue.list', {})).map((q) => q.checkInCode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('a wait under a minute is an intake that arrived at once', async () => {
    const now = h.clock.now();
    await h.call(heldKiosk(HELD_NOTICE_MS - 1), 'intake.submit', routineIntake);
    const s = await session(1);
    expect([s.submitted_at, s.received_at, s.received_on]).toEqual([now.toISOString(), null, null]);
    const audit = await h.sql.get<{ detail_json: string }>(
      "SELECT detail_json FROM audit_log WHERE action = 'intake.submit'",
    );
    expect(JSON.parse(audit!.detail_json)).not.toHaveProperty('heldForMs');
  });

  it('a retry that waited longer is the same submission: the first receipt, one session', async () => {
    const first = await h.call(heldKiosk(2 * HOUR), 'intake.submit', { ...routineIntake, submissionId: ID });
    h.clock.advance(HOUR);
    const again = await h.call(heldKiosk(3 * HOUR), 'intake.submit', { ...routineIntake, submissionId: ID });
    expect(again).toEqual(first);
    expect((await h.sql.get<{ n: number }>('SELECT count(*) AS n FROM intake_sessions'))?.n).toBe(1);
  });

  it("a kiosk's report of intakes it deleted unsent is audited, with its device, and names nobody", async () => {
    const report = { count: 2, oldestHeldAt: '2026-02-01T17:40:00.000Z' };
    expect(await h.call({ ...h.kiosk, deviceId: 7 }, 'kiosk.heldExpired', report)).toEqual({ recorded: true });
    const row = await h.sql.get<{ actor_type: string; target_type: string; target_id: number; detail_json: string }>(
      "SELECT actor_type, target_type, target_id, detail_json FROM audit_log WHERE action = 'kiosk.heldExpired'",
    );
    expect(row).toMatchObject({ actor_type: 'kiosk', target_type: 'device', target_id: 7 });
    expect(JSON.parse(row!.detail_json)).toEqual(report);
    for (const bad of [{ count: 0, oldestHeldAt: report.oldestHeldAt }, { count: 1, oldestHeldAt: 'last week' }, {}])
      expect((await h.fail(h.kiosk, 'kiosk.heldExpired', bad)).code, JSON.stringify(bad)).toBe('invalid_input');
    // Only a kiosk says this.
    expect((await h.fail(h.staff(), 'kiosk.heldExpired', report)).code).toBe('forbidden');
  });
});
