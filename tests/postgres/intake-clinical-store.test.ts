/**
 * The store methods behind the intake, clinical and outcomes handlers (#18, area A), on both engines alike: opening a
 * session, its status, acknowledging its alert, settling its identity, a patient's measure history. Each writes its
 * audit row in the same transaction; where two hubs could act on one session at once, several stores on one
 * database race and each decision is still made once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicStore } from '../../src-main/store/clinic-store';
import { IdentityError } from '../../src-main/store/identity';
import { engines, intakeWrite, type EngineHandle } from '../support/clinic-store-engines';

const handles: EngineHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.cleanup();
});

const at = (minute: number) => `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`;

async function clinician(store: ClinicStore): Promise<number> {
  return store.addClinician({ name: 'Dr Ada', role: 'clinician', pinHash: 'h', pinSalt: 's' }, at(0));
}

describe.each(engines)('the $name store, area A', (engine) => {
  const open = async () => {
    const h = await engine.open();
    handles.push(h);
    return h;
  };

  describe.skipIf(engine.skip !== null)(engine.skip ? `skipped: ${engine.skip}` : 'contract', () => {
    it('opens a session once into review, audits every opening, and knows no session it does not have', async () => {
      const h = await open();
      const ada = await clinician(h.store);
      const { sessionId, patientId } = await h.store.submitIntake(intakeWrite('Ana Lima', '1970-01-01'));
      const first = await h.store.openSession(sessionId, ada, at(1));
      expect(first).toMatchObject({
        statusChanged: true,
        session: { id: sessionId, status: 'waiting', patient_id: patientId },
        patient: { id: patientId, full_name: 'Ana Lima' },
        triage: { urgency: 'routine' },
      });
      const second = await h.store.openSession(sessionId, ada, at(2));
      expect(second).toMatchObject({ statusChanged: false, session: { status: 'in-review' } });
      expect(await h.store.openSession(9999, ada, at(3))).toBeUndefined();
      expect(await h.store.setSessionStatus(sessionId, 'seen', ada, at(4))).toBe('in-review');
      expect(await h.store.setSessionStatus(9999, 'seen', ada, at(4))).toBeUndefined();
      expect(await h.store.sessionPatientId(sessionId)).toBe(patientId);
      expect(await h.store.sessionPatientId(9999)).toBeNull();
      expect(await h.store.getPatient(patientId)).toMatchObject({ full_name: 'Ana Lima', date_of_birth: '1970-01-01' });
      // Intake, two openings and one status change: nothing for what did not exist.
      expect(await h.store.verifyAudit()).toEqual({ ok: true, rows: 4 });
    });

    it('records an alert as acknowledged once when staff at several hubs press at the same moment', async () => {
      const h = await open();
      const ada = await clinician(h.store);
      const { sessionId } = await h.store.submitIntake(
        intakeWrite('Björn Ångström', '1975-11-20', { urgency: 'emergency', redFlagIds: ['cauda_equina'] }),
      );
      const stores = [h.store, await h.another(), await h.another(), await h.another()];
      const firsts = await Promise.all(stores.map((s, i) => s.acknowledgeAlert(sessionId, ada, at(10 + i))));
      expect(firsts.filter((f) => f === true)).toHaveLength(1);
      expect(firsts.filter((f) => f === false)).toHaveLength(3);
      expect(await h.store.acknowledgeAlert(9999, ada, at(20))).toBeNull();
      const queue = await h.store.listQueue('2026-03-02');
      expect(queue[0]).toMatchObject({ sessionId, alertAcknowledged: true });
      expect(await h.store.verifyAudit()).toEqual({ ok: true, rows: 5 });
    });

    it('settles a matched identity once, even when two hubs confirm it at once', async () => {
      const h = await open();
      const ada = await clinician(h.store);
      const first = await h.store.submitIntake(intakeWrite('Zoë Núñez', '1980-05-01'));
      const matched = await h.store.submitIntake(
        intakeWrite('Zoë Núñez', '1980-05-01', { visitKind: 'return', submittedAt: at(30) }),
      );
      expect(matched).toMatchObject({ matched: true, patientId: first.patientId });
      expect(await h.store.unconfirmedSessionIds(first.patientId)).toEqual([matched.sessionId]);
      const other = await h.another();
      const input = { sessionId: matched.sessionId, decision: 'same-person' as const, usePhone: false };
      const outcomes = await Promise.allSettled([
        h.store.resolveIdentity({ ...input, clinicianId: ada }, at(31)),
        other.resolveIdentity({ ...input, clinicianId: ada }, at(32)),
      ]);
      const done = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(done).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(IdentityError);
      expect((refused[0] as IdentityError).reason).toBe('nothing-to-confirm');
      expect(await h.store.unconfirmedSessionIds(first.patientId)).toEqual([]);
    });

    it('moves a session to a record of its own for a different person, unless it has notes already', async () => {
      const h = await open();
      const ada = await clinician(h.store);
      const original = await h.store.submitIntake(intakeWrite('Anne Dunez', '1990-01-02'));
      const w = intakeWrite('Anne Dunez', '1990-01-02', { submittedAt: at(40) });
      const second = await h.store.submitIntake({ ...w, patient: { ...w.patient, phone: '+44 7700 900123' } });
      const third = await h.store.submitIntake(intakeWrite('Anne Dunez', '1990-01-02', { submittedAt: at(41) }));
      await h.store.saveAssessment({
        sessionId: third.sessionId,
        previousId: null,
        authorId: ada,
        createdAt: at(42),
        noteJson: '{}',
        reason: null,
      });
      const moved = await h.store.resolveIdentity(
        { sessionId: second.sessionId, decision: 'different-person', usePhone: false, clinicianId: ada },
        at(43),
      );
      expect(moved).toMatchObject({ identityStatus: 'new-patient', phoneUpdated: false });
      expect(moved.patientId).not.toBe(original.patientId);
      expect(await h.store.getPatient(moved.patientId)).toMatchObject({
        full_name: 'Anne Dunez',
        phone: '+44 7700 900123',
      });
      await expect(
        h.store.resolveIdentity(
          { sessionId: third.sessionId, decision: 'different-person', usePhone: false, clinicianId: ada },
          at(44),
        ),
      ).rejects.toMatchObject({ reason: 'has-records' });
      await expect(
        h.store.resolveIdentity(
          { sessionId: 9999, decision: 'same-person', usePhone: false, clinicianId: ada },
          at(45),
        ),
      ).rejects.toMatchObject({ reason: 'not-found' });
      // Intakes 3, note 1, different person and its new record 2.
      expect(await h.store.verifyAudit()).toEqual({ ok: true, rows: 6 });
    });

    it('gives a patient’s measure results oldest visit first, in a fixed measure order within a visit', async () => {
      const h = await open();
      const pain = (now: number) => ({ measure: 'nprs' as const, items: { now, worst: now + 2 }, total: now });
      const later = await h.store.submitIntake(
        intakeWrite('Nuno Silva', '1990-01-02', {
          submittedAt: '2026-03-09T09:00:00.000Z',
          localDate: '2026-03-09',
          visitKind: 'return',
          measures: [{ measure: 'pgic', items: { option: 'better' }, total: null }, pain(3)],
        }),
      );
      const earlier = await h.store.submitIntake(
        intakeWrite('Nuno Silva', '1990-01-02', {
          measures: [{ measure: 'lefs', items: { a: 4 }, total: 60 }, pain(6)],
        }),
      );
      const history = await h.store.measureHistory(later.patientId);
      expect(history.map((r) => [r.sessionId, r.visitDate, r.measure, r.total])).toEqual([
        [earlier.sessionId, '2026-03-02', 'lefs', 60],
        [earlier.sessionId, '2026-03-02', 'nprs', 6],
        [later.sessionId, '2026-03-09', 'nprs', 3],
        [later.sessionId, '2026-03-09', 'pgic', null],
      ]);
      expect(history[1]).toMatchObject({ items: { now: 6, worst: 8 }, visitKind: 'first' });
      expect(await h.store.measureHistory(9999)).toEqual([]);
    });

    it('stores a content version’s questionnaire once and says when a different one is already there', async () => {
      const h = await open();
      expect(await h.store.ensureQuestionnaireVersion('content-9', '{"q":1}', at(50))).toBe(true);
      expect(await h.store.ensureQuestionnaireVersion('content-9', '{"q":1}', at(51))).toBe(true);
      expect(await (await h.another()).ensureQuestionnaireVersion('content-9', '{"q":2}', at(52))).toBe(false);
      expect(await h.count('questionnaire_versions')).toBe(1);
    });
  });
});
