/**
 * The same clinic day through the real dispatcher on both engines, call for call with the same clock, and every answer
 * compared whole: staff set-up, intakes (a red flag, a phone, a return visit matched by name and birth date, measures),
 * the queue, sessions, alerts, notes and their amendment, identity, history, search, the export's bundle and FHIR,
 * handouts and templates, devices, settings, retention and the audit log. Only what is random by design (a handout's
 * file-name suffix, so its PDF bytes and hash, a pairing code) is left out; search hits are compared in order too
 * (both engines list the newest record first). Skips, with the reason in its name, where PostgreSQL's binaries are
 * absent.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { blankAssessment } from '../../src-main/api/assessment';
import type { Caller } from '../../src-main/api/dispatch';
import { loadVignettes, makeTestCore, submissionFor, TestClock, type TestCore } from '../support/core';

const provided = inject('postgres');
const skip = 'skip' in provided ? provided.skip : null;

const admin: Caller = { channel: 'staff', key: 'alike:admin' };
const physio: Caller = { channel: 'staff', key: 'alike:physio' };

/** What is random by design, replaced so the rest can be compared whole. */
const RANDOM_KEYS = new Set(['recoveryCode', 'fileName', 'file_name', 'pdfBase64', 'sha256', 'file_sha256']);
function normalised(value: unknown, random = RANDOM_KEYS): unknown {
  if (Array.isArray(value)) return value.map((v) => normalised(v, random));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        random.has(k) ? '(random)' : normalised(v, random),
      ]),
    );
  return value;
}

let sqlite: TestCore;
let postgres: TestCore;
const differences: { step: string; sqlite: unknown; postgres: unknown }[] = [];

/** Calls both cores the same way and records any difference; returns SQLite's answer for the next steps. */
async function both(
  step: string,
  caller: Caller,
  method: string,
  input: unknown,
  options: { random?: string[] } = {},
): Promise<unknown> {
  const random = new Set([...RANDOM_KEYS, ...(options.random ?? [])]);
  const a = normalised(await sqlite.call(caller, method, input), random);
  const b = normalised(await postgres.call(caller, method, input), random);
  try {
    expect(b).toEqual(a);
  } catch {
    differences.push({ step, sqlite: a, postgres: b });
  }
  return a;
}

const valueOf = <T>(r: unknown): T => {
  const result = r as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
};

function advance(ms: number): void {
  sqlite.clock.advance(ms);
  postgres.clock.advance(ms);
}

describe.skipIf(skip !== null)(`the api answers alike on both engines${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    sqlite = await makeTestCore({ engine: 'sqlite', clock: new TestClock() });
    postgres = await makeTestCore({ engine: 'postgres', clock: new TestClock() });
  }, 60_000);
  afterAll(async () => {
    await sqlite?.dispose();
    await postgres?.dispose();
  });

  it('a clinic day, call for call', async () => {
    await both('status before setup', admin, 'staff.status', {});
    await both('setup', admin, 'staff.setup', { name: 'Dr Ada Admin', pin: '246813', clinicPhone: '+44 20 7946 0000' });
    const sam = valueOf<{ id: number }>(
      await both('add clinician', admin, 'admin.clinicians.add', {
        name: 'Sam Physio',
        role: 'clinician',
        pin: '1357',
      }),
    );
    await both('clinicians', admin, 'admin.clinicians.list', {});
    await both('wrong PIN', physio, 'staff.unlock', { clinicianId: sam.id, pin: '9999' });
    await both('right PIN', physio, 'staff.unlock', { clinicianId: sam.id, pin: '1357' });
    await both('status', physio, 'staff.status', {});

    const vignettes = loadVignettes();
    const urgent = vignettes.find((v) => v.expectUrgency === 'emergency')!;
    const routine = vignettes.filter((v) => v.expectUrgency === 'routine').slice(0, 3);
    const codes = ['C3C4', 'C3C6', 'C3C7', 'C3C8', 'C3C9', 'C4C3'];
    const people = ['Zoë Núñez', 'Łukasz Nowak', 'Élodie Fournier', 'Arthur Bell'];
    for (const [i, v] of [...routine, urgent].entries()) {
      const sub = submissionFor(v, '2026-11-26', people[i]);
      const patient = i === 0 ? { ...sub.patient, phone: '+44 7700 900123' } : sub.patient;
      await both(`intake ${v.id}`, sqlite.kiosk, 'intake.submit', { ...sub, patient, checkInCode: codes[i] });
      advance(60_000);
    }
    // The first patient again, with another phone: matched, to confirm, the phone kept on the session only.
    const again = submissionFor(routine[0]!, '2026-11-26', people[0]);
    await both('return visit', sqlite.kiosk, 'intake.submit', {
      ...again,
      patient: { ...again.patient, phone: '+44 7700 900999' },
      checkInCode: codes[4],
    });
    await both('refused intake', sqlite.kiosk, 'intake.submit', {
      ...again,
      patient: { ...again.patient, fullName: ' ' },
    });

    const queue = valueOf<{ sessionId: number; urgency: string }[]>(await both('queue', admin, 'queue.list', {}));
    await both('queue of another day', admin, 'queue.list', { date: '2026-11-25' });
    for (const item of queue)
      await both(`open ${item.sessionId}`, physio, 'session.open', { sessionId: item.sessionId });
    const emergency = queue.find((q) => q.urgency === 'emergency')!;
    valueOf(await both('acknowledge', physio, 'alert.acknowledge', { sessionId: emergency.sessionId }));
    await both('acknowledge again', admin, 'alert.acknowledge', { sessionId: emergency.sessionId });
    await both('status', physio, 'session.setStatus', { sessionId: queue[0]!.sessionId, status: 'seen' });
    valueOf(await both('queue after', admin, 'queue.list', {}));

    const note = blankAssessment();
    note.plan = 'Load management; review in two weeks.';
    const first = valueOf<{ id: number }>(
      await both('note', physio, 'assessment.save', { sessionId: 1, previousId: null, note }),
    );
    advance(5_000);
    valueOf(
      await both('amend', physio, 'assessment.save', {
        sessionId: 1,
        previousId: first.id,
        note: { ...note, plan: 'Changed plan' },
        reason: 'Retested',
      }),
    );
    await both('stale amend', physio, 'assessment.save', {
      sessionId: 1,
      previousId: first.id,
      note,
      reason: 'Again',
    });
    await both('notes', physio, 'assessment.list', { sessionId: 1 });

    valueOf(await both('search name', physio, 'patient.search', { name: 'nunez' }));
    await both('search inside a name', physio, 'patient.search', { name: 'owak' });
    await both('search phone', physio, 'patient.search', { name: '900123' });
    await both('search code', physio, 'patient.search', { name: codes[1] });
    await both('search birth date', physio, 'patient.search', { dateOfBirth: '1985-12-31' });
    valueOf(await both('history', physio, 'patient.history', { patientId: 1 }));
    valueOf(
      await both('identity', physio, 'session.resolveIdentity', {
        sessionId: 5,
        decision: 'same-person',
        usePhone: true,
      }),
    );
    valueOf(await both('history after', physio, 'patient.history', { patientId: 1 }));
    const matched = submissionFor(routine[1]!, '2026-11-26', people[1]);
    valueOf(await both('namesake', sqlite.kiosk, 'intake.submit', { ...matched, checkInCode: codes[5] }));
    valueOf(
      await both('someone else', physio, 'session.resolveIdentity', { sessionId: 6, decision: 'different-person' }),
    );
    valueOf(await both('their history', physio, 'patient.history', { patientId: 5 }));
    await both('clinic info', physio, 'clinic.info', {});
    await both('kiosk settings', sqlite.kiosk, 'kiosk.settings', {});

    const exported = async (engine: TestCore) => {
      const r = valueOf<{ bundle: unknown; fhir: unknown }>(
        await engine.call(admin, 'records.export', { patientId: 1 }),
      );
      return normalised({ bundle: r.bundle, fhir: r.fhir });
    };
    await both('unlock admin', admin, 'staff.unlock', { clinicianId: 1, pin: '246813' });
    const [a, b] = [await exported(sqlite), await exported(postgres)];
    try {
      expect(b).toEqual(a);
    } catch {
      differences.push({ step: 'export', sqlite: a, postgres: b });
    }

    await both('suggest, pregnant', physio, 'handout.suggest', { sessionId: 2 });
    const suggested = valueOf<{ plan: unknown }>(await both('suggest', physio, 'handout.suggest', { sessionId: 1 }));
    const made = valueOf<{ handout: { id: number } }>(
      await both('generate', physio, 'handout.generate', { sessionId: 1, plan: suggested.plan }),
    );
    await both('handouts', physio, 'handout.list', { sessionId: 1 });
    await both('reopen', physio, 'handout.reopen', { handoutId: made.handout.id });
    valueOf(await both('template', physio, 'handout.templates.save', { name: 'Hip basics', plan: suggested.plan }));
    await both('template again', physio, 'handout.templates.save', { name: 'hip basics', plan: suggested.plan });
    await both('templates', physio, 'handout.templates.list', {});

    await both(
      'pair',
      admin,
      'devices.pair.start',
      { role: 'kiosk', name: 'Waiting room tablet' },
      { random: ['code'] },
    );
    await both('devices', admin, 'devices.list', {});
    const settings = valueOf<Record<string, unknown>>(await both('settings', admin, 'admin.settings.get', {}));
    valueOf(
      await both('settings update', admin, 'admin.settings.update', {
        settings: { ...settings, clinicName: 'Hip Clinic' },
      }),
    );
    await both('settings after', admin, 'admin.settings.get', {});
    valueOf(await both('retention', admin, 'records.retention', { recordsYears: 10 }));
    for (let i = 0; i < 5; i++)
      await both(`wrong PIN ${i}`, physio, 'staff.unlock', { clinicianId: sam.id, pin: '2468' });
    advance(1_000);
    await both('locked out', physio, 'staff.unlock', { clinicianId: sam.id, pin: '1357' });
    await both('clinicians after', admin, 'admin.clinicians.list', {});
    await both('disable', admin, 'admin.clinicians.setDisabled', { clinicianId: sam.id, disabled: true });
    await both('reset PIN', admin, 'admin.clinicians.resetPin', { clinicianId: sam.id, pin: '8642' });
    advance(11 * 366 * 86_400_000);
    await both('unlock years later', admin, 'staff.unlock', { clinicianId: 1, pin: '246813' });
    valueOf(await both('purge', admin, 'records.purge', {}, { random: ['expiredFiles'] }));
    await both('queue after purge', admin, 'queue.list', { date: '2026-11-26' });
    await both('search after purge', admin, 'patient.search', { name: 'nunez' });
    await both('audit', admin, 'admin.audit.list', {});
    await both('audit page', admin, 'admin.audit.list', { beforeId: 10 });
    valueOf(await both('audit verify', admin, 'admin.audit.verify', {}));

    expect(
      differences.map((d) => ({ ...d, sqlite: JSON.stringify(d.sqlite), postgres: JSON.stringify(d.postgres) })),
    ).toEqual([]);
  });
});
