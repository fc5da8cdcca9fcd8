/**
 * A returning patient the kiosk found no record for ("I've been here before", but the name was typed another way):
 * the session offers the other patients born that day, audited, and a clinician moves the visit to the patient's own
 * record ('returning-record'). Only then, only to a record born that day, only before notes or handouts. Both engines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankAssessment } from '../../src-main/api/assessment';
import { makeHarness, returnVisitIntake, routineIntake, withAdmin, type Harness } from '../support/clinician';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  await withAdmin(h);
});
afterEach(() => h.close());

const born = routineIntake.patient.dateOfBirth;
const sessionRow = async (id: number) =>
  (await h.sql.get(`SELECT patient_id, identity_status FROM intake_sessions WHERE id = ${id}`)) as {
    patient_id: number;
    identity_status: string | null;
  };
const move = (sessionId: number, patientId: number) =>
  h.fail(h.staff(), 'session.resolveIdentity', { sessionId, decision: 'returning-record', patientId });

/** Zoë's first visit (record 1), someone else born the same day (record 2), then Zoë back as "Zoe Nunes" (3). */
async function zoeBackUnderAnotherSpelling() {
  await h.call(h.kiosk, 'intake.submit', routineIntake);
  await h.call(h.kiosk, 'intake.submit', { ...routineIntake, patient: { fullName: 'Ruth Adler', dateOfBirth: born } });
  await h.call(h.kiosk, 'intake.submit', {
    ...routineIntake,
    patient: { fullName: 'Ian Cho', dateOfBirth: '1985-06-01' },
  });
  await h.call(h.kiosk, 'intake.submit', returnVisitIntake({ fullName: 'Zoe Nunes', dateOfBirth: born }));
  expect(await sessionRow(4)).toEqual({ patient_id: 4, identity_status: null });
}

describe("a returning patient's visit the kiosk filed under a new record", () => {
  it('offers the other patients born that day, and says in the audit log which were shown', async () => {
    await zoeBackUnderAnotherSpelling();
    const detail = await h.call(h.staff(), 'session.open', { sessionId: 4 });
    // In the order patient search gives them (by name); the kiosk's own new record is not among them.
    expect(detail.bornThatDay.map((r) => [r.patientId, r.fullName, r.sessions]).sort()).toEqual([
      [1, 'Zoë Núñez', 1],
      [2, 'Ruth Adler', 1],
    ]);
    expect(detail.namesakes).toEqual([]);
    const audit = await h.sql.get<{ detail_json: string }>(
      "SELECT detail_json FROM audit_log WHERE action = 'identity.bornThatDay' AND target_id = 4",
    );
    expect(JSON.parse(audit!.detail_json)).toEqual({ patientIds: detail.bornThatDay.map((r) => r.patientId) });
    // An ordinary first visit is offered nothing.
    expect((await h.call(h.staff(), 'session.open', { sessionId: 3 })).bornThatDay).toEqual([]);
  });

  it('moves the visit to the record the clinician names, confirmed and audited', async () => {
    await zoeBackUnderAnotherSpelling();
    const moved = await h.call(h.staff(), 'session.resolveIdentity', {
      sessionId: 4,
      decision: 'returning-record',
      patientId: 1,
    });
    expect(moved).toMatchObject({ sessionId: 4, patientId: 1, identityStatus: 'confirmed', phoneUpdated: false });
    expect(await sessionRow(4)).toEqual({ patient_id: 1, identity_status: 'confirmed' });
    const audit = await h.sql.get<{ detail_json: string }>(
      "SELECT detail_json FROM audit_log WHERE action = 'identity.returningRecord'",
    );
    expect(JSON.parse(audit!.detail_json)).toEqual({ fromPatientId: 4, toPatientId: 1 });
    // Her history now holds both visits; a second move is refused (nothing left to decide).
    const history = await h.call(h.staff(), 'patient.history', { patientId: 1 });
    expect(history.sessions.map((s) => s.sessionId).sort()).toEqual([1, 4]);
    expect((await move(4, 2)).code).toBe('conflict');
  });

  it("shows each record's phone, and takes the kiosk's phone onto the record only when asked", async () => {
    await h.call(h.kiosk, 'intake.submit', {
      ...routineIntake,
      patient: { ...routineIntake.patient, phone: '0711 1' },
    });
    await h.call(h.kiosk, 'intake.submit', {
      ...routineIntake,
      patient: { fullName: 'Ruth Adler', dateOfBirth: born },
    });
    const back = (fullName: string) => returnVisitIntake({ fullName, dateOfBirth: born, phone: '07700 900321' });
    await h.call(h.kiosk, 'intake.submit', back('Zoe Nunes'));
    await h.call(h.kiosk, 'intake.submit', back('Zoey Nunes'));
    const detail = await h.call(h.staff(), 'session.open', { sessionId: 3 });
    expect(detail.bornThatDay.find((r) => r.patientId === 1)?.phone).toBe('0711 1');
    expect(detail.bornThatDay.find((r) => r.patientId === 2)?.phone).toBeNull();
    const phoneOf = async (id: number) =>
      (await h.sql.get<{ phone: string | null }>('SELECT phone FROM patients WHERE id = ?', id))?.phone;

    const kept = await h.call(h.staff(), 'session.resolveIdentity', {
      sessionId: 3,
      decision: 'returning-record',
      patientId: 1,
    });
    expect(kept.phoneUpdated).toBe(false);
    expect(await phoneOf(1)).toBe('0711 1');
    const taken = await h.call(h.staff(), 'session.resolveIdentity', {
      sessionId: 4,
      decision: 'returning-record',
      patientId: 1,
      usePhone: true,
    });
    expect(taken.phoneUpdated).toBe(true);
    expect(await phoneOf(1)).toBe('07700 900321');
    const audit = await h.sql.get<{ target_id: number; detail_json: string }>(
      "SELECT target_id, detail_json FROM audit_log WHERE action = 'patient.update'",
    );
    expect(audit?.target_id).toBe(1);
    expect(JSON.parse(audit!.detail_json)).toEqual({ fields: ['phone'], fromSession: 4, hadPhone: true });
  });

  it('refuses a record born another day, its own, a missing one, and sessions it does not apply to', async () => {
    await zoeBackUnderAnotherSpelling();
    for (const patientId of [3, 4, 99]) expect((await move(4, patientId)).code, String(patientId)).toBe('conflict');
    expect(await sessionRow(4)).toEqual({ patient_id: 4, identity_status: null });
    // A first visit with no match, and a match still to confirm, are not "returning with no record".
    expect((await move(3, 1)).code).toBe('conflict');
    await h.call(h.kiosk, 'intake.submit', returnVisitIntake(routineIntake.patient));
    expect(await sessionRow(5)).toEqual({ patient_id: 1, identity_status: 'to-confirm' });
    expect((await move(5, 2)).code).toBe('conflict');
    // The record is named, and only with this decision or other-record.
    const unnamed = await h.fail(h.staff(), 'session.resolveIdentity', { sessionId: 4, decision: 'returning-record' });
    expect(unnamed.code).toBe('invalid_input');
    const wrongDecision = await h.fail(h.staff(), 'session.resolveIdentity', { sessionId: 4, decision: 'same-person' });
    expect(wrongDecision.code).toBe('conflict');
  });

  it('refuses once the visit has notes for the record it is under', async () => {
    await zoeBackUnderAnotherSpelling();
    await h.call(h.staff(), 'assessment.save', { sessionId: 4, previousId: null, note: blankAssessment() });
    expect((await move(4, 1)).code).toBe('conflict');
    expect(await sessionRow(4)).toEqual({ patient_id: 4, identity_status: null });
  });
});
