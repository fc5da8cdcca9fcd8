/**
 * Outcome measures and return visits through the real contract and a real database: totals stored per session, the
 * short follow-up checked and triaged like a first visit, and a name + birth-date match that never overwrites the
 * patient's phone and waits for a clinician to confirm it.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src-main/core/content/load';
import type { IntakeAnswers } from '../../src-main/core/content/schema';
import { blankAssessment } from '../../src-main/api/assessment';
import { staffEventsDelivered } from '../support/test-engine';
import {
  makeHarness,
  repoRoot,
  RETURN_FOLLOW_UP,
  returnVisitIntake,
  routineIntake,
  withAdmin,
  type Harness,
} from '../support/clinician';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const { measures } = loadContent(join(repoRoot, 'resources', 'content'));
const lefsIds = () => measures.lefs.items.map((i) => i.id);
const lefsAll = (v: number) => Object.fromEntries(lefsIds().map((id) => [id, v]));

const firstVisit = (phone?: string) => ({
  ...routineIntake,
  patient: { ...routineIntake.patient, ...(phone ? { phone } : {}) },
  measures: {
    lefs: lefsAll(2),
    psfs: [
      { activity: 'Climbing stairs', rating: 3 },
      { activity: 'Running', rating: 2 },
    ],
  },
});

const followUp = RETURN_FOLLOW_UP;

const returnVisit = (phone?: string, answers: IntakeAnswers = followUp) =>
  returnVisitIntake({ ...routineIntake.patient, ...(phone ? { phone } : {}) }, answers);

/** The store on the same data: history and patients as the handlers read them, on either engine. */
const store = () => h.sql.store();
const sessionRow = async (id: number) =>
  (await h.sql.get(
    'SELECT patient_id, visit_kind, kiosk_phone, identity_status FROM intake_sessions WHERE id = ?',
    id,
  )) as {
    patient_id: number;
    visit_kind: string;
    kiosk_phone: string | null;
    identity_status: string | null;
  };

describe('measures at the kiosk', () => {
  it('a first visit stores LEFS and PSFS with their totals, and the pain rating', async () => {
    await h.call(h.kiosk, 'intake.submit', firstVisit());
    const rows = await (await store()).measureHistory(1);
    expect(rows.map((r) => [r.measure, r.total])).toEqual([
      ['lefs', 40],
      ['nprs', 4],
      ['psfs', 2.5],
    ]);
    expect(rows.every((r) => r.visitDate === '2026-03-10' && r.visitKind === 'first')).toBe(true);
  });

  it('refuses an incomplete LEFS, an unknown item and PGIC at a first visit, with a clear message', async () => {
    const { hopping: _h, ...partial } = lefsAll(2);
    const e1 = await h.fail(h.kiosk, 'intake.submit', { ...firstVisit(), measures: { lefs: partial } });
    expect(e1.code).toBe('invalid_input');
    expect(e1.message).toMatch(/answer every activity/);
    const e2 = await h.fail(h.kiosk, 'intake.submit', { ...firstVisit(), measures: { lefs: { ...lefsAll(2), x: 1 } } });
    expect(e2.message).toMatch(/"x" is not a LEFS item/);
    const e3 = await h.fail(h.kiosk, 'intake.submit', {
      ...firstVisit(),
      measures: { lefs: lefsAll(2), pgic: 'much_improved' },
    });
    expect(e3.message).toMatch(/from the second visit/);
    const e4 = await h.fail(h.kiosk, 'intake.submit', {
      ...firstVisit(),
      measures: { lefs: lefsAll(2), psfs: [1, 2, 3, 4].map((n) => ({ activity: `A${n}`, rating: 5 })) },
    });
    expect(e4.message).toMatch(/at most 3 activities/);
    const e5 = await h.fail(h.kiosk, 'intake.submit', {
      ...firstVisit(),
      measures: { lefs: { ...lefsAll(2), hopping: 5 } },
    });
    expect(e5.code).toBe('invalid_input');
    expect(await h.sql.get('SELECT count(*) AS n FROM intake_sessions')).toEqual({ n: 0 });
  });
});

describe('return visits', () => {
  it('store the short follow-up with PGIC and exercise days, ordered by visit date', async () => {
    await h.call(h.kiosk, 'intake.submit', firstVisit());
    h.clock.advance(14 * 86_400_000);
    await h.call(h.kiosk, 'intake.submit', returnVisit());
    const history = await (await store()).measureHistory(1);
    expect(history.map((r) => `${r.visitDate} ${r.measure} ${r.total}`)).toEqual([
      '2026-03-10 lefs 40',
      '2026-03-10 nprs 4',
      '2026-03-10 psfs 2.5',
      '2026-03-24 adherence 5',
      '2026-03-24 lefs 60',
      '2026-03-24 nprs 2',
      '2026-03-24 pgic 2',
      '2026-03-24 psfs 5.5',
    ]);
    expect(await sessionRow(2)).toMatchObject({ patient_id: 1, visit_kind: 'return', identity_status: 'to-confirm' });
  });

  it('refuse a return visit without PGIC, and whole-intake questions it does not ask', async () => {
    const noPgic = returnVisit();
    delete (noPgic.measures as { pgic?: string }).pgic;
    expect((await h.fail(h.kiosk, 'intake.submit', noPgic)).message).toMatch(/changed since your first visit/);
    const extra = await h.fail(h.kiosk, 'intake.submit', returnVisit(undefined, { ...followUp, onset: 'gradual' }));
    expect(extra.code).toBe('invalid_input');
  });

  it('a red flag on a return visit alerts staff exactly like a first visit', async () => {
    await withAdmin(h);
    const alerts: unknown[] = [];
    h.core.events.subscribe((e) => {
      if (e.type === 'alert.urgent') alerts.push(e);
    });
    const receipt = await h.call(
      h.kiosk,
      'intake.submit',
      returnVisit(undefined, { ...followUp, warning_signs: ['fever', 'hot_swollen'] }),
    );
    expect(receipt.seeFrontDesk).toBe(true);
    await staffEventsDelivered(h.core, h.sql);
    expect(alerts).toHaveLength(1);
    const [item] = await h.call(h.staff(), 'queue.list', {});
    expect(item).toMatchObject({ visitKind: 'return', alertAcknowledged: false });
    expect(item?.urgency).not.toBe('routine');
  });
});

describe('identity safety', () => {
  it('a name and birth-date match never overwrites the phone, and is flagged until a clinician confirms', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 1111 1111'));
    await h.call(h.kiosk, 'intake.submit', returnVisit('+44 20 9999 9999'));
    expect((await (await store()).getPatient(1))?.phone).toBe('+44 20 1111 1111');
    expect(await sessionRow(2)).toMatchObject({ kiosk_phone: '+44 20 9999 9999', identity_status: 'to-confirm' });
    const queue = await h.call(h.staff(), 'queue.list', {});
    expect(queue.map((q) => q.identityStatus)).toEqual([null, 'to-confirm']);
    const detail = await h.call(h.staff(), 'session.open', { sessionId: 2 });
    expect(detail).toMatchObject({ identityStatus: 'to-confirm', kioskPhone: '+44 20 9999 9999' });
    expect(detail.patient.phone).toBe('+44 20 1111 1111');

    const done = await h.call(h.staff(), 'session.resolveIdentity', {
      sessionId: 2,
      decision: 'same-person',
      usePhone: true,
    });
    expect(done).toEqual({ sessionId: 2, patientId: 1, identityStatus: 'confirmed', phoneUpdated: true });
    expect((await (await store()).getPatient(1))?.phone).toBe('+44 20 9999 9999');
    const audit = (await h.sql.all(
      "SELECT action, detail_json FROM audit_log WHERE action IN ('identity.confirm', 'patient.update')",
    )) as { action: string; detail_json: string }[];
    expect(audit.map((a) => a.action)).toEqual(['identity.confirm', 'patient.update']);
    expect(audit.map((a) => a.detail_json).join()).not.toContain('9999');
    expect((await h.fail(h.staff(), 'session.resolveIdentity', { sessionId: 2, decision: 'same-person' })).code).toBe(
      'conflict',
    );
  });

  it('a first visit that matches is flagged too; "a different person" gets a record of its own', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 1111 1111'));
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 2222 2222'));
    expect((await sessionRow(2)).identity_status).toBe('to-confirm');
    const done = await h.call(h.staff(), 'session.resolveIdentity', { sessionId: 2, decision: 'different-person' });
    expect(done.identityStatus).toBe('new-patient');
    expect(done.patientId).not.toBe(1);
    expect((await sessionRow(2)).patient_id).toBe(done.patientId);
    expect(await (await store()).getPatient(done.patientId)).toMatchObject({
      full_name: 'Zoë Núñez',
      phone: '+44 20 2222 2222',
    });
    expect((await (await store()).getPatient(1))?.phone).toBe('+44 20 1111 1111');
    // Each patient's history holds only their own visit.
    expect((await (await store()).measureHistory(1)).every((r) => r.sessionId === 1)).toBe(true);
    expect((await (await store()).measureHistory(done.patientId)).every((r) => r.sessionId === 2)).toBe(true);
    const actions = ((await h.sql.all('SELECT action FROM audit_log')) as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['identity.differentPerson', 'patient.create']));
  });

  it('namesakes told apart: the kiosk matches the record with the phone typed there, else the oldest', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 1111 1111'));
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 2222 2222'));
    const second = await h.call(h.staff(), 'session.resolveIdentity', { sessionId: 2, decision: 'different-person' });
    // The second person comes back and types their phone in another spelling: the same digits find their record.
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 (20) 2222-2222'));
    expect(await sessionRow(3)).toMatchObject({ patient_id: second.patientId, identity_status: 'to-confirm' });
    // No phone, or one on neither record: the oldest, as before, still for a clinician to confirm.
    await h.call(h.kiosk, 'intake.submit', firstVisit());
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 2222 2223'));
    expect(await sessionRow(4)).toMatchObject({ patient_id: 1, identity_status: 'to-confirm' });
    expect(await sessionRow(5)).toMatchObject({ patient_id: 1, identity_status: 'to-confirm' });
    // Confirming keeps each visit in its own person's history.
    await h.call(h.staff(), 'session.resolveIdentity', { sessionId: 3, decision: 'same-person' });
    const visits = async (patientId: number) => [
      ...new Set((await (await store()).measureHistory(patientId)).map((r) => r.sessionId)),
    ];
    expect(await visits(second.patientId)).toEqual([2, 3]);
    expect(await visits(1)).toEqual([1, 4, 5]);
  });

  it('"which record": a visit matched to the oldest namesake moves to the record the clinician picks', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 1111 1111'));
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 2222 2222'));
    const second = await h.call(h.staff(), 'session.resolveIdentity', { sessionId: 2, decision: 'different-person' });
    await h.call(h.kiosk, 'intake.submit', {
      ...routineIntake,
      patient: { fullName: 'Ada Other', dateOfBirth: '1990-04-12' },
    });
    // The second person again, without a phone this time: matched to the oldest record, and the other one offered.
    await h.call(h.kiosk, 'intake.submit', firstVisit());
    expect(await sessionRow(4)).toMatchObject({ patient_id: 1, identity_status: 'to-confirm' });
    const detail = await h.call(h.staff(), 'session.open', { sessionId: 4 });
    expect(detail.namesakes).toEqual([
      { patientId: second.patientId, phone: '+44 20 2222 2222', sessions: 1, lastVisit: expect.any(String) },
    ]);
    const shown = (await h.sql.all("SELECT detail_json FROM audit_log WHERE action = 'identity.namesakes'")) as {
      detail_json: string;
    }[];
    expect(shown.map((r) => JSON.parse(r.detail_json) as unknown)).toEqual([{ patientIds: [second.patientId] }]);

    // Only a namesake's record, and only named with "other-record".
    const stranger = (await sessionRow(3)).patient_id;
    const refused = await h.fail(h.staff(), 'session.resolveIdentity', {
      sessionId: 4,
      decision: 'other-record',
      patientId: stranger,
    });
    expect(refused.code).toBe('conflict');
    expect((await h.fail(h.staff(), 'session.resolveIdentity', { sessionId: 4, decision: 'other-record' })).code).toBe(
      'invalid_input',
    );
    expect(
      (await h.fail(h.staff(), 'session.resolveIdentity', { sessionId: 4, decision: 'same-person', patientId: 1 }))
        .code,
    ).toBe('invalid_input');

    const moved = await h.call(h.staff(), 'session.resolveIdentity', {
      sessionId: 4,
      decision: 'other-record',
      patientId: second.patientId,
    });
    expect(moved).toEqual({
      sessionId: 4,
      patientId: second.patientId,
      identityStatus: 'confirmed',
      phoneUpdated: false,
    });
    expect(await sessionRow(4)).toMatchObject({ patient_id: second.patientId, identity_status: 'confirmed' });
    const visits = async (patientId: number) => [
      ...new Set((await (await store()).measureHistory(patientId)).map((r) => r.sessionId)),
    ];
    expect(await visits(second.patientId)).toEqual([2, 4]);
    expect(await visits(1)).toEqual([1]);
    const audit = (await h.sql.all("SELECT detail_json FROM audit_log WHERE action = 'identity.otherRecord'")) as {
      detail_json: string;
    }[];
    expect(audit.map((r) => JSON.parse(r.detail_json) as unknown)).toEqual([
      { fromPatientId: 1, toPatientId: second.patientId },
    ]);
    // Settled: nothing more to confirm, and no namesakes offered.
    expect((await h.call(h.staff(), 'session.open', { sessionId: 4 })).namesakes).toEqual([]);
  });

  it('a session with notes cannot be moved to a namesake record either', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 1111 1111'));
    await h.call(h.kiosk, 'intake.submit', firstVisit('+44 20 2222 2222'));
    const second = await h.call(h.staff(), 'session.resolveIdentity', { sessionId: 2, decision: 'different-person' });
    await h.call(h.kiosk, 'intake.submit', firstVisit());
    await h.call(h.staff(), 'assessment.save', { sessionId: 3, previousId: null, note: blankAssessment() });
    const refused = await h.fail(h.staff(), 'session.resolveIdentity', {
      sessionId: 3,
      decision: 'other-record',
      patientId: second.patientId,
    });
    expect(refused.code).toBe('conflict');
    expect((await sessionRow(3)).patient_id).toBe(1);
  });

  it('a session with notes already written for the matched patient cannot be moved to a new record', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', firstVisit());
    await h.call(h.kiosk, 'intake.submit', firstVisit());
    await h.call(h.staff(), 'assessment.save', { sessionId: 2, previousId: null, note: blankAssessment() });
    const refused = await h.fail(h.staff(), 'session.resolveIdentity', { sessionId: 2, decision: 'different-person' });
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(await sessionRow(2)).toMatchObject({ patient_id: 1, identity_status: 'to-confirm' });
    expect(await h.sql.get('SELECT count(*) AS n FROM patients')).toEqual({ n: 1 });
  });

  it('a new patient has nothing to confirm', async () => {
    await h.call(h.kiosk, 'intake.submit', returnVisit('+44 20 3333 3333'));
    expect(await sessionRow(1)).toMatchObject({ identity_status: null, kiosk_phone: '+44 20 3333 3333' });
    expect((await (await store()).getPatient(1))?.phone).toBe('+44 20 3333 3333');
  });
});
