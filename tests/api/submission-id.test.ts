/** Station-made submission ids: a retry returns the first receipt and never makes a second session or alert. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffEvent } from '../../src-main/api/contract';
import { staffEventsDelivered } from '../support/test-engine';
import { makeHarness, routineIntake, urgentIntake, type Harness } from '../support/clinician';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const count = async (sql: string) => (await h.sql.get<{ n: number }>(sql))?.n;
const ID = '7d1f3a52-9c0e-4b8a-a6f2-3e4d5c6b7a81';

describe('intake.submit with a submission id', () => {
  it('a retry gets the same receipt; one session, one audit row, one alert', async () => {
    const events: StaffEvent[] = [];
    h.core.events.subscribe((e) => events.push(e));
    const first = await h.call(h.kiosk, 'intake.submit', { ...urgentIntake, submissionId: ID });
    h.clock.advance(30_000);
    const again = await h.call(h.kiosk, 'intake.submit', { ...urgentIntake, submissionId: ID });
    expect(again).toEqual(first);
    expect(first.seeFrontDesk).toBe(true);
    expect(await count('SELECT count(*) AS n FROM intake_sessions')).toBe(1);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'intake.submit'")).toBe(1);
    await staffEventsDelivered(h.core, h.sql);
    expect(events.filter((e) => e.type === 'alert.urgent')).toHaveLength(1);
  });

  it('the same id with different content is refused and writes nothing', async () => {
    await h.call(h.kiosk, 'intake.submit', { ...routineIntake, submissionId: ID });
    const changed = { ...routineIntake, answers: { ...routineIntake.answers, pain_now: 8 }, submissionId: ID };
    expect((await h.fail(h.kiosk, 'intake.submit', changed)).code).toBe('conflict');
    expect(await count('SELECT count(*) AS n FROM intake_sessions')).toBe(1);
  });

  it('different ids, or none, are different submissions; malformed ids are refused', async () => {
    await h.call(h.kiosk, 'intake.submit', { ...routineIntake, submissionId: ID });
    await h.call(h.kiosk, 'intake.submit', { ...routineIntake, submissionId: ID.replace('7d1f', '8e2a') });
    await h.call(h.kiosk, 'intake.submit', routineIntake);
    await h.call(h.kiosk, 'intake.submit', routineIntake);
    expect(await count('SELECT count(*) AS n FROM intake_sessions')).toBe(4);
    expect(await count('SELECT count(*) AS n FROM submissions')).toBe(2);
    for (const bad of ['short', 'x'.repeat(65), 'has spaces in it ok?', 42]) {
      expect((await h.fail(h.kiosk, 'intake.submit', { ...routineIntake, submissionId: bad })).code, String(bad)).toBe(
        'invalid_input',
      );
    }
  });

  it('the retention purge removes a session together with its submission id', async () => {
    await h.call(h.kiosk, 'intake.submit', { ...routineIntake, submissionId: ID });
    const store = await h.sql.store();
    const settings = await store.readRetention();
    const later = new Date(h.clock.now().getTime() + (settings.recordsYears + 1) * 366 * 86_400_000);
    await store.purgeExpired(later, null);
    expect(await count('SELECT count(*) AS n FROM intake_sessions')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM submissions')).toBe(0);
  });

  it('a check-in code the station gave the patient while offline is kept unless today already has it', async () => {
    const first = await h.call(h.kiosk, 'intake.submit', { ...routineIntake, checkInCode: 'K7QX' });
    expect(first.checkInCode).toBe('K7QX');
    const clash = await h.call(h.kiosk, 'intake.submit', { ...routineIntake, checkInCode: 'K7QX' });
    expect(clash.checkInCode).not.toBe('K7QX');
    expect(clash.checkInCode).toMatch(/^[346789ACDEFGHJKMNPQRTUVWXY]{4}$/);
    for (const bad of ['k7qx', 'K7Q0', 'K7QXX', 'AB1']) {
      expect((await h.fail(h.kiosk, 'intake.submit', { ...routineIntake, checkInCode: bad })).code, bad).toBe(
        'invalid_input',
      );
    }
  });
});
