import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methodNames, contract } from '../../src-main/api/contract';
import { blankAssessment } from '../../src-main/api/assessment';
import { adminMethods } from '../../src-main/api/methods/admin';
import { clinicalMethods } from '../../src-main/api/methods/clinical';
import { makeHarness, routineIntake, urgentIntake, withAdmin, type Harness } from '../support/clinician';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const staffMethods = methodNames.filter((m) => contract[m].access === 'clinician' || contract[m].access === 'admin');

/** A valid payload for every clinical and admin method, so a refusal can only come from the role check. */
function validInputs(h: Harness): Record<string, unknown> {
  return {
    'queue.list': {},
    'session.open': { sessionId: 1 },
    'session.setStatus': { sessionId: 1, status: 'seen' },
    'alert.acknowledge': { sessionId: 1 },
    'session.resolveIdentity': { sessionId: 1, decision: 'same-person' },
    'clinic.info': {},
    'patient.search': { name: 'nunez' },
    'patient.history': { patientId: 1 },
    'patient.update': { patientId: 1, fullName: 'Zoë Núñez', dateOfBirth: '1990-04-12', phone: null },
    'assessment.list': { sessionId: 1 },
    'assessment.save': { sessionId: 1, previousId: null, note: blankAssessment() },
    'admin.clinicians.list': {},
    'admin.clinicians.add': { name: 'X Y', role: 'admin', pin: '9999' },
    'admin.clinicians.setDisabled': { clinicianId: 1, disabled: true },
    'admin.clinicians.resetPin': { clinicianId: 1, pin: '9999' },
    'admin.settings.get': {},
    'admin.settings.update': { settings: h.core.settings.get() },
    'admin.audit.list': {},
    'admin.audit.verify': {},
  };
}
const mine = [...Object.keys(clinicalMethods), ...Object.keys(adminMethods)];

describe('role checks', () => {
  it('covers every clinician and admin method', () => {
    expect(staffMethods).toEqual(
      expect.arrayContaining([
        'queue.list',
        'assessment.save',
        'patient.search',
        'admin.clinicians.add',
        'admin.audit.list',
        'admin.settings.update',
      ]),
    );
  });

  it('the kiosk is refused every clinician and admin method, even with a staff session open elsewhere', async () => {
    await withAdmin(h);
    for (const m of staffMethods) expect((await h.fail(h.kiosk, m, {})).code, m).toBe('forbidden');
  });

  it('a locked staff window is refused every clinician and admin method, with a valid payload', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', routineIntake);
    const inputs = validInputs(h);
    expect(Object.keys(inputs).sort()).toEqual([...mine].sort());
    for (const m of mine) expect((await h.fail(h.staff('other-tab'), m, inputs[m])).code, m).toBe('locked');
    // Nothing was written by the refused calls.
    expect(await h.call(h.staff(), 'assessment.list', { sessionId: 1 })).toEqual([]);
  });

  it('a clinician who is not an admin is refused every admin method and allowed the clinical ones', async () => {
    await withAdmin(h);
    const added = await h.call(h.staff(), 'admin.clinicians.add', {
      name: 'Sam Physio',
      role: 'clinician',
      pin: '1357',
    });
    const tab = h.staff('sam');
    await h.call(tab, 'staff.unlock', { clinicianId: added.id, pin: '1357' });
    const adminOnly = Object.keys(adminMethods);
    expect(adminOnly.every((m) => contract[m as keyof typeof contract].access === 'admin')).toBe(true);
    expect(adminOnly.length).toBeGreaterThanOrEqual(7);
    const inputs = validInputs(h);
    for (const m of adminOnly) expect((await h.fail(tab, m, inputs[m])).code, m).toBe('forbidden');
    expect(await h.call(tab, 'queue.list', {})).toEqual([]);
  });

  it('the server locks an idle window after the configured minutes (injected clock)', async () => {
    await withAdmin(h);
    await h.call(h.staff(), 'admin.settings.update', {
      settings: { ...h.core.settings.get(), clinicianAutoLockMinutes: 2 },
    });
    h.clock.advance(119_000);
    await h.call(h.staff(), 'queue.list', {}); // activity resets the timer
    h.clock.advance(119_000);
    await h.call(h.staff(), 'queue.list', {});
    h.clock.advance(121_000);
    expect((await h.fail(h.staff(), 'queue.list', {})).code).toBe('locked');
  });
});

describe('queue, status, alerts and audit', () => {
  it(
    'lists urgent first, marks seen, and audits opening, status changes and acknowledgements with the ' + 'clinician',
    async () => {
      const admin = await withAdmin(h);
      await h.call(h.kiosk, 'intake.submit', routineIntake);
      h.clock.advance(60_000);
      await h.call(h.kiosk, 'intake.submit', urgentIntake);
      const queue = await h.call(h.staff(), 'queue.list', {});
      expect(queue.map((q) => q.patientName)).toEqual(['Arthur Bell', 'Zoë Núñez']);
      expect(queue[0]?.urgency).toBe('emergency');

      const urgentId = queue[0]!.sessionId;
      expect(queue.map((q) => q.alertAcknowledged)).toEqual([false, true]);
      await h.call(h.staff(), 'alert.acknowledge', { sessionId: urgentId });
      expect((await h.call(h.staff(), 'queue.list', {}))[0]?.alertAcknowledged).toBe(true);
      const opened = await h.call(h.staff(), 'session.open', { sessionId: urgentId });
      expect(opened.status).toBe('in-review');
      await h.call(h.staff(), 'session.setStatus', { sessionId: urgentId, status: 'seen' });
      expect((await h.call(h.staff(), 'queue.list', {}))[0]?.status).toBe('seen');

      const audit = await h.call(h.staff(), 'admin.audit.list', { clinicianId: admin.id });
      const actions = audit.map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['alert.acknowledge', 'session.open', 'session.status']));
      for (const a of audit) expect(a.actorId).toBe(admin.id);
      const ack = audit.find((a) => a.action === 'alert.acknowledge');
      expect(ack).toMatchObject({ targetType: 'session', targetId: urgentId, actorName: 'Dr Admin' });
      // No patient name leaks into the audit details.
      expect(JSON.stringify(audit)).not.toMatch(/Bell|Núñez/);
    },
  );

  it('filters the audit log by date', async () => {
    const admin = await withAdmin(h);
    h.clock.advance(3 * 86_400_000);
    await h.call(h.staff(), 'staff.unlock', { clinicianId: admin.id, pin: '246813' });
    await h.call(h.staff(), 'queue.list', {});
    await h.call(h.staff(), 'alert.acknowledge', { sessionId: 1 }).catch(() => undefined);
    const all = await h.call(h.staff(), 'admin.audit.list', {});
    expect(all.some((a) => a.action === 'staff.setup')).toBe(true);
    const day = h.clock.now();
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
    const today = await h.call(h.staff(), 'admin.audit.list', { from: local, to: local });
    expect(today.some((a) => a.action === 'staff.setup')).toBe(false);
  });
});

describe('search and history', () => {
  it(
    'finds "Núñez" by "nunez", by a partial first name, and by date of birth; history lists sessions oldest ' + 'first',
    async () => {
      const admin = await withAdmin(h);
      await h.call(h.kiosk, 'intake.submit', routineIntake);
      h.clock.advance(7 * 86_400_000);
      await h.call(h.staff(), 'staff.unlock', { clinicianId: admin.id, pin: '246813' });
      await h.call(h.kiosk, 'intake.submit', { ...routineIntake, answers: { ...routineIntake.answers, pain_now: 2 } });
      await h.call(h.kiosk, 'intake.submit', urgentIntake);
      const byName = await h.call(h.staff(), 'patient.search', { name: 'nunez' });
      expect(byName.map((p) => p.fullName)).toEqual(['Zoë Núñez']);
      expect(byName[0]?.sessions).toBe(2);
      expect((await h.call(h.staff(), 'patient.search', { name: 'zo' })).map((p) => p.fullName)).toEqual(['Zoë Núñez']);
      expect((await h.call(h.staff(), 'patient.search', { name: 'ZOE NÚÑ' })).length).toBe(1);
      expect((await h.call(h.staff(), 'patient.search', { name: 'ñu' })).length).toBe(1);
      // Inside a name too (#14): "unez" finds Núñez.
      expect((await h.call(h.staff(), 'patient.search', { name: 'unez' })).map((p) => p.fullName)).toEqual([
        'Zoë Núñez',
      ]);
      expect(await h.call(h.staff(), 'patient.search', { name: '"*) OR' })).toEqual([]);
      expect((await h.call(h.staff(), 'patient.search', { dateOfBirth: '1948-02-02' })).map((p) => p.fullName)).toEqual(
        ['Arthur Bell'],
      );
      expect((await h.fail(h.staff(), 'patient.search', {})).code).toBe('invalid_input');

      const history = await h.call(h.staff(), 'patient.history', { patientId: byName[0]!.patientId });
      expect(history.sessions.map((s) => s.painNow)).toEqual([4, 2]);
      // The pain series is on the two visit dates, a week apart, and the 2-point drop is clinically important.
      const pain = history.outcomes.series.find((s) => s.measure === 'nprs')!;
      expect(pain.points.map((p) => p.value)).toEqual([4, 2]);
      expect(new Set(pain.points.map((p) => p.visitDate)).size).toBe(2);
      expect(pain.points[1]!.sinceFirst?.verdict).toBe('important-improvement');
    },
  );
});

describe('assessment versions', () => {
  it(
    'saving creates version 1, amending creates version 2 linked to it, both stay readable with their ' + 'authors',
    async () => {
      const admin = await withAdmin(h);
      await h.call(h.kiosk, 'intake.submit', routineIntake);
      const [item] = await h.call(h.staff(), 'queue.list', {});
      const first = blankAssessment();
      first.legLength.trueCm = { left: 88.5, right: 87 };
      first.impression = ['gtps'];
      const v1 = await h.call(h.staff(), 'assessment.save', {
        sessionId: item!.sessionId,
        previousId: null,
        note: first,
      });
      h.clock.advance(3_600_000);
      await h.call(h.staff(), 'staff.unlock', { clinicianId: admin.id, pin: '246813' });
      const second = { ...first, plan: 'Load management; review in two weeks.' };
      // An amendment says why; the first version has nothing to explain.
      const noReason = await h.fail(h.staff(), 'assessment.save', {
        sessionId: item!.sessionId,
        previousId: v1.id,
        note: second,
      });
      expect(noReason.fields).toEqual([{ path: 'reason', message: 'Say why you are amending the assessment.' }]);
      const v2 = await h.call(h.staff(), 'assessment.save', {
        sessionId: item!.sessionId,
        previousId: v1.id,
        note: second,
        reason: '  Added the plan after the review.  ',
      });
      expect(v2).toMatchObject({
        version: 2,
        previousId: v1.id,
        reason: 'Added the plan after the review.',
        author: { id: admin.id, name: 'Dr Admin' },
      });
      expect(v1.reason).toBeNull();
      expect(v2.createdAt > v1.createdAt).toBe(true);

      const versions = await h.call(h.staff(), 'assessment.list', { sessionId: item!.sessionId });
      expect(versions.map((v) => [v.version, v.note.plan, v.reason])).toEqual([
        [1, '', null],
        [2, 'Load management; review in two weeks.', 'Added the plan after the review.'],
      ]);

      // Amending an older version, or starting over, is refused: the line of versions has no forks.
      expect(
        (
          await h.fail(h.staff(), 'assessment.save', {
            sessionId: item!.sessionId,
            previousId: v1.id,
            note: second,
            reason: 'Another edit',
          })
        ).code,
      ).toBe('conflict');
      expect(
        (await h.fail(h.staff(), 'assessment.save', { sessionId: item!.sessionId, previousId: null, note: second }))
          .code,
      ).toBe('conflict');
      // Impressions come from the content's conditions.
      const bogus = { ...second, impression: ['not-a-condition'] };
      expect(
        (
          await h.fail(h.staff(), 'assessment.save', {
            sessionId: item!.sessionId,
            previousId: v2.id,
            note: bogus,
            reason: 'Impression',
          })
        ).code,
      ).toBe('invalid_input');

      const audit = await h.call(h.staff(), 'admin.audit.list', {});
      expect(audit.filter((a) => a.action.startsWith('assessment.')).map((a) => a.action)).toEqual(
        expect.arrayContaining(['assessment.create', 'assessment.amend']),
      );

      // The database itself refuses to change or remove a note.
      await expect(h.sql.run("UPDATE assessments SET note_json = '{}' WHERE id = ?", v1.id)).rejects.toThrow(
        /append-only/,
      );
      await expect(h.sql.run('DELETE FROM assessments WHERE id = ?', v1.id)).rejects.toThrow(/append-only/);
      expect((await h.sql.get<{ n: number }>('SELECT count(*) AS n FROM assessments'))?.n).toBe(2);
    },
  );

  it('rejects an implausible leg length through the API with the path named', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', routineIntake);
    const note = blankAssessment();
    note.legLength.apparentCm.left = 400;
    const e = await h.fail(h.staff(), 'assessment.save', { sessionId: 1, previousId: null, note });
    expect(e.code).toBe('invalid_input');
    expect(e.fields?.[0]?.path).toBe('note.legLength.apparentCm.left');
    expect(e.message).toMatch(/over 130 cm is not plausible/);
  });
});

describe('examination results', () => {
  it('stores results per side and range of motion by the ids of examination.json, refusing what it lacks', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', routineIntake);
    const info = await h.call(h.staff(), 'clinic.info', {});
    expect(info.catalog.examination.tests.map((t) => t.id)).toEqual(expect.arrayContaining(['p4', 'adductor-squeeze']));
    const flexion = info.catalog.examination.rangeOfMotion.find((m) => m.id === 'flexion')!;

    const note = blankAssessment();
    note.examination.tests.p4 = {
      left: { result: 'negative', where: '' },
      right: { result: 'positive', where: 'Deep right buttock' },
    };
    note.examination.rangeOfMotion.flexion = { left: 115, right: 100 };
    const saved = await h.call(h.staff(), 'assessment.save', { sessionId: 1, previousId: null, note });
    expect(saved.note.examination).toEqual(note.examination);

    const unknown = blankAssessment();
    unknown.examination.tests['made-up'] = note.examination.tests.p4!;
    unknown.examination.rangeOfMotion.flexion = { left: flexion.maxDegrees + 1, right: null };
    const e = await h.fail(h.staff(), 'assessment.save', {
      sessionId: 1,
      previousId: saved.id,
      note: unknown,
      reason: 'Retested',
    });
    expect(e.code).toBe('invalid_input');
    expect(e.fields?.map((f) => f.path)).toEqual([
      'note.examination.tests.made-up',
      'note.examination.rangeOfMotion.flexion.left',
    ]);
  });

  it('shows a note stored before the examination was content, per side, as it was recorded', async () => {
    await withAdmin(h);
    await h.call(h.kiosk, 'intake.submit', routineIntake);
    const { examination: _examination, ...rest } = blankAssessment();
    const old = { ...rest, plan: 'Old plan', specialTests: { trendelenburg: { result: 'positive', side: 'right' } } };
    await h.sql.run(
      `INSERT INTO assessments (session_id, patient_id, version, previous_id, author_id, created_at, note_json)
       VALUES (1, 1, 1, NULL, 1, '2026-03-01T10:00:00.000Z', ?)`,
      JSON.stringify(old),
    );
    const [v1] = await h.call(h.staff(), 'assessment.list', { sessionId: 1 });
    expect(v1!.note.plan).toBe('Old plan');
    expect(v1!.note.examination.tests).toEqual({
      trendelenburg: { left: { result: 'not-tested', where: '' }, right: { result: 'positive', where: '' } },
    });
    // It can be amended like any note: the read-back shape is today's.
    const v2 = await h.call(h.staff(), 'assessment.save', {
      sessionId: 1,
      previousId: v1!.id,
      note: v1!.note,
      reason: 'Carried forward',
    });
    expect(v2.version).toBe(2);
  });
});

describe('clinician administration', () => {
  it('adds, disables (locking their windows) and re-PINs a clinician; keeps one admin', async () => {
    const admin = await withAdmin(h);
    const sam = await h.call(h.staff(), 'admin.clinicians.add', { name: 'Sam Physio', role: 'clinician', pin: '1357' });
    const samTab = h.staff('sam');
    await h.call(samTab, 'staff.unlock', { clinicianId: sam.id, pin: '1357' });
    await h.call(h.staff(), 'admin.clinicians.setDisabled', { clinicianId: sam.id, disabled: true });
    expect((await h.fail(samTab, 'queue.list', {})).code).toBe('locked');
    expect((await h.fail(samTab, 'staff.unlock', { clinicianId: sam.id, pin: '1357' })).code).toBe('not_found');
    await h.call(h.staff(), 'admin.clinicians.setDisabled', { clinicianId: sam.id, disabled: false });
    await h.call(h.staff(), 'admin.clinicians.resetPin', { clinicianId: sam.id, pin: '8642' });
    expect((await h.fail(samTab, 'staff.unlock', { clinicianId: sam.id, pin: '1357' })).code).toBe('forbidden');
    await h.call(samTab, 'staff.unlock', { clinicianId: sam.id, pin: '8642' });
    expect(
      (await h.fail(h.staff(), 'admin.clinicians.setDisabled', { clinicianId: admin.id, disabled: true })).code,
    ).toBe('conflict');
  });

  it('settings are validated, stored, and applied on the next read', async () => {
    await withAdmin(h);
    const s = await h.call(h.staff(), 'admin.settings.get', {});
    const e = await h.fail(h.staff(), 'admin.settings.update', { settings: { ...s, clinicianAutoLockMinutes: 0 } });
    expect(e.fields?.[0]?.path).toBe('settings.clinicianAutoLockMinutes');
    await h.call(h.staff(), 'admin.settings.update', {
      settings: { ...s, clinicName: 'Riverside Physio', clinicianAutoLockMinutes: 10 },
    });
    expect(await h.call(h.staff(), 'clinic.info', {})).toMatchObject({
      clinicName: 'Riverside Physio',
      autoLockMinutes: 10,
    });
  });
});
