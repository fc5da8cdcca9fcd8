/**
 * A clinician corrects a record's details (`patient.update`): a misspelt name, a birth date typed wrong at the kiosk,
 * a new phone. Search and the queue follow at once, the audit log names the fields and never their values, visits
 * keep what was answered, and a corrected birth date lets a returning patient's visit move to their record. Both
 * engines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, returnVisitIntake, routineIntake, withAdmin, type Harness } from '../support/clinician';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  await withAdmin(h);
});
afterEach(() => h.close());

const stored = async (id: number) =>
  h.sql.get<{ full_name: string; date_of_birth: string; phone: string | null }>(
    'SELECT full_name, date_of_birth, phone FROM patients WHERE id = ?',
    id,
  );
const corrections = () =>
  h.sql.all<{ actor_type: string; target_id: number; detail_json: string }>(
    "SELECT actor_type, target_id, detail_json FROM audit_log WHERE action = 'patient.update' ORDER BY id",
  );
/** Zoë's record corrected to another birth date, name and phone as the kiosk gave them. */
const correctBirthDate = (patientId: number, dateOfBirth: string) =>
  h.call(h.staff(), 'patient.update', { patientId, fullName: 'Zoë Núñez', dateOfBirth, phone: null });
const found = async (text: string) =>
  (await h.call(h.staff(), 'patient.search', { name: text })).map((p) => p.patientId);

describe("correcting a patient's details", () => {
  it('changes name, birth date and phone; search and the queue follow; the audit names fields only', async () => {
    await h.call(h.kiosk, 'intake.submit', routineIntake); // Zoë Núñez, 1990-04-12, no phone
    const updated = await h.call(h.staff(), 'patient.update', {
      patientId: 1,
      fullName: '  Zoë Núñez-Lindqvist ',
      dateOfBirth: '1990-04-21',
      phone: '+44 7700 900123',
    });
    expect(updated).toEqual({
      id: 1,
      fullName: 'Zoë Núñez-Lindqvist',
      dateOfBirth: '1990-04-21',
      phone: '+44 7700 900123',
      changed: ['name', 'dateOfBirth', 'phone'],
    });
    expect(await stored(1)).toEqual({
      full_name: 'Zoë Núñez-Lindqvist',
      date_of_birth: '1990-04-21',
      phone: updated.phone,
    });

    // Both search indexes follow the name, and the phone's digits are found.
    expect(await found('lindqvist')).toEqual([1]);
    expect(await found('li')).toEqual([1]);
    expect(await found('7700900')).toEqual([1]);
    expect(await h.call(h.staff(), 'patient.search', { dateOfBirth: '1990-04-12' })).toEqual([]);
    expect((await h.call(h.staff(), 'queue.list', {}))[0]).toMatchObject({
      patientName: 'Zoë Núñez-Lindqvist',
      dateOfBirth: '1990-04-21',
    });

    const [row] = await corrections();
    expect(row).toMatchObject({ actor_type: 'clinician', target_id: 1 });
    expect(JSON.parse(row!.detail_json)).toEqual({ fields: ['name', 'dateOfBirth', 'phone'] });
    expect(row!.detail_json).not.toMatch(/Lindqvist|1990|7700/);

    // The visit keeps what the patient answered: the age derived from the birth date typed at the kiosk.
    const visit = await h.call(h.staff(), 'session.open', { sessionId: 1 });
    expect(visit.patient.dateOfBirth).toBe('1990-04-21');
    expect(visit.answers['age']).toBe(35);
    expect(visit.ageRecheck).toBeNull(); // 21 April: still 35 on 10 March
  });

  it("a child's birth date typed as an adult's: triaged again for the real age, the stored triage kept", async () => {
    // Hip pain at 13 (slipped capital femoral epiphysis is a same-day concern), typed at the kiosk as born in 1990.
    await h.call(h.kiosk, 'intake.submit', routineIntake);
    const before = await h.call(h.staff(), 'session.open', { sessionId: 1 });
    expect(before.triage.redFlags.map((f) => f.id)).not.toContain('slipped-epiphysis');
    expect(before.ageRecheck).toBeNull();
    expect((await h.call(h.staff(), 'handout.suggest', { sessionId: 1 })).redFlagIds).not.toContain(
      'slipped-epiphysis',
    );

    await correctBirthDate(1, '2012-09-01');
    const after = await h.call(h.staff(), 'session.open', { sessionId: 1 });
    expect(after.ageRecheck).toMatchObject({ answeredAge: 35, recordAge: 13 });
    expect(after.ageRecheck!.triage.redFlags.map((f) => f.id)).toContain('slipped-epiphysis');
    expect(after.ageRecheck!.triage.urgency).toBe('same-day');
    // What the clinic saw and the queue's priority stay as they were.
    expect(after.triage).toEqual(before.triage);
    expect((await h.call(h.staff(), 'queue.list', {}))[0]?.urgency).toBe(before.triage.urgency);
    // The handout builder warns with the real age's red flags before any home exercise.
    const handout = await h.call(h.staff(), 'handout.suggest', { sessionId: 1 });
    expect(handout.redFlagIds).toContain('slipped-epiphysis');
    expect(handout.urgency).toBe('same-day');
    expect(handout.cautions.join(' ')).toContain('the red flags include those for age 13');
  });

  it('a phone can be cleared; saving what is already there changes nothing and writes no audit row', async () => {
    await h.call(h.kiosk, 'intake.submit', {
      ...routineIntake,
      patient: { ...routineIntake.patient, phone: '0711 1' },
    });
    const same = { patientId: 1, fullName: 'Zoë Núñez', dateOfBirth: '1990-04-12' };
    expect((await h.call(h.staff(), 'patient.update', { ...same, phone: '0711 1' })).changed).toEqual([]);
    expect(await corrections()).toEqual([]);
    expect((await h.call(h.staff(), 'patient.update', { ...same, phone: null })).changed).toEqual(['phone']);
    expect((await stored(1))?.phone).toBeNull();
    expect(await found('0711')).toEqual([]);
  });

  it('refuses what cannot be stored, a missing patient and the kiosk', async () => {
    await h.call(h.kiosk, 'intake.submit', routineIntake);
    const good = { patientId: 1, fullName: 'Zoë Núñez', dateOfBirth: '1990-04-12', phone: null };
    for (const bad of [
      { ...good, fullName: '   ' },
      { ...good, fullName: 'Zoë\u202eNúñez' },
      { ...good, dateOfBirth: '2999-01-01' },
      { ...good, dateOfBirth: '1990-02-30' },
      { ...good, phone: 'call me' },
      { ...good, phone: undefined },
      { ...good, notes: 'x' },
    ])
      expect((await h.fail(h.staff(), 'patient.update', bad)).code, JSON.stringify(bad)).toBe('invalid_input');
    expect((await h.fail(h.staff(), 'patient.update', { ...good, patientId: 99 })).code).toBe('not_found');
    expect((await h.fail(h.kiosk, 'patient.update', good)).code).toBe('forbidden');
    expect(await stored(1)).toEqual({ full_name: 'Zoë Núñez', date_of_birth: '1990-04-12', phone: null });
    expect(await corrections()).toEqual([]);
  });

  it("a birth date mistyped at the kiosk, once corrected, lets the visit move to the patient's record", async () => {
    await h.call(h.kiosk, 'intake.submit', routineIntake); // record 1, born 1990-04-12
    // She comes back and types 21 for 12: no record matches, so the kiosk makes record 2.
    await h.call(h.kiosk, 'intake.submit', returnVisitIntake({ fullName: 'Zoë Núñez', dateOfBirth: '1990-04-21' }));
    expect((await h.call(h.staff(), 'session.open', { sessionId: 2 })).bornThatDay).toEqual([]);
    const move = { sessionId: 2, decision: 'returning-record', patientId: 1 } as const;
    expect((await h.fail(h.staff(), 'session.resolveIdentity', move)).code).toBe('conflict');

    await correctBirthDate(2, '1990-04-12');
    const visit = await h.call(h.staff(), 'session.open', { sessionId: 2 });
    expect(visit.bornThatDay.map((r) => r.patientId)).toEqual([1]);
    expect(await h.call(h.staff(), 'session.resolveIdentity', move)).toMatchObject({
      patientId: 1,
      identityStatus: 'confirmed',
    });
    const history = await h.call(h.staff(), 'patient.history', { patientId: 1 });
    expect(history.sessions.map((s) => s.sessionId)).toEqual([1, 2]);
  });
});
