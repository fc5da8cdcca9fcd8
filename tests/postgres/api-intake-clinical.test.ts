/**
 * The real dispatcher on PostgreSQL (#18): openStrideCore over a fresh database on the run's throwaway server drives a
 * kiosk submission through the queue, the session, the alert, the notes and their amendment, the history and the
 * outcomes, with the clinician set up and signed in through the staff handlers; and two cores on one database (two
 * hubs of a group) hear each other's urgent alert through LISTEN / NOTIFY. Skips, with the reason in its name, where
 * PostgreSQL's server binaries are absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openStrideCore, type StrideCore } from '../../src-main/api/app';
import { blankAssessment } from '../../src-main/api/assessment';
import type { StaffEvent } from '../../src-main/api/contract';
import type { Caller } from '../../src-main/api/dispatch';
import type { ClinicianSummary } from '../../src-main/api/types';
import { PostgresClinicStore } from '../../src-main/store/postgres/clinic-store';
import { newCheckInCode } from '../../src-main/api/check-in-code';
import { repoRoot, routineIntake, TestClock, urgentIntake } from '../support/clinician';
import { createTestDatabase } from '../support/postgres';

const provided = inject('postgres');
const skip = 'skip' in provided ? provided.skip : null;
const kiosk: Caller = { channel: 'kiosk', key: 'kiosk' };
const staff: Caller = { channel: 'staff', key: 'staff-1' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freshDatabase(): Promise<string> {
  if ('skip' in provided) throw new Error(provided.skip);
  const database = await createTestDatabase(provided.adminUrl);
  cleanups.push(() => database.drop());
  return database.url;
}

/** A hub's core on the database, as a hub opens it. */
async function hubCore(database: string, clock = new TestClock()) {
  const dataDir = mkdtempSync(join(tmpdir(), 'stride-pg-api-'));
  const core = await openStrideCore({
    dataDir,
    resourcesDir: join(repoRoot, 'resources'),
    clock,
    backupSchedule: false,
    database,
  });
  cleanups.push(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const call = async (caller: Caller, method: string, input: unknown): Promise<never> => {
    const r = await core.dispatch(caller, method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };
  const fail = async (caller: Caller, method: string, input: unknown) => {
    const r = await core.dispatch(caller, method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error;
  };
  return { core, clock, call, fail };
}

const PIN = '246813';

/** The next event of this type on the core's staff stream (pushed: no polling). */
function nextEvent<T extends StaffEvent['type']>(core: StrideCore, type: T): Promise<Extract<StaffEvent, { type: T }>> {
  return new Promise((resolve) => {
    const off = core.events.subscribe((e) => {
      if (e.type !== type) return;
      off();
      resolve(e as Extract<StaffEvent, { type: T }>);
    });
  });
}

describe.skipIf(skip !== null)(`intake and clinical handlers on PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('a kiosk submission goes through queue, session, alert, notes, history and outcomes', async () => {
    const database = await freshDatabase();
    const hub = await hubCore(database);
    // The first clinician, set up and signed in through the staff handlers as on the clinician screen.
    const clinician: ClinicianSummary = await hub.call(staff, 'staff.setup', { name: 'Dr Ada', pin: PIN });
    expect(hub.core.engine).toBe('postgres');

    const alert = nextEvent(hub.core, 'alert.urgent');
    const submission = { ...urgentIntake, submissionId: '0b7c9a52-5f8e-4a52-9a1e-2c2f6c1d3e01' };
    const receipt = await hub.call(kiosk, 'intake.submit', submission);
    expect(receipt).toMatchObject({ seeFrontDesk: true, checkInCode: expect.stringMatching(/^[A-Z0-9]{4}$/) });
    expect(await alert).toMatchObject({
      urgency: 'emergency',
      checkInCode: (receipt as { checkInCode: string }).checkInCode,
    });
    // A retry of the same submission: the first receipt, no second session.
    expect(await hub.call(kiosk, 'intake.submit', submission)).toEqual(receipt);
    const changed = await hub.fail(kiosk, 'intake.submit', {
      ...submission,
      answers: { ...submission.answers, pain_now: 9 },
    });
    expect(changed.code).toBe('conflict');

    type Queue = { sessionId: number; alertAcknowledged: boolean; status: string; patientName: string }[];
    let queue: Queue = await hub.call(staff, 'queue.list', {});
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ patientName: 'Arthur Bell', alertAcknowledged: false, status: 'waiting' });
    const sessionId = queue[0]!.sessionId;

    const detail: { status: string; triage: { urgency: string; redFlags: unknown[] } } = await hub.call(
      staff,
      'session.open',
      { sessionId },
    );
    expect(detail.status).toBe('in-review');
    expect(detail.triage.urgency).toBe('emergency');
    expect(detail.triage.redFlags.length).toBeGreaterThan(0);

    expect(await hub.call(staff, 'alert.acknowledge', { sessionId })).toEqual({ acknowledged: true });
    queue = await hub.call(staff, 'queue.list', {});
    expect(queue[0]).toMatchObject({ alertAcknowledged: true, status: 'in-review' });
    expect((await hub.fail(staff, 'alert.acknowledge', { sessionId: 9999 })).code).toBe('not_found');

    const note = { ...blankAssessment(), plan: 'Refer to the emergency department.' };
    const v1: { id: number; version: number; author: ClinicianSummary } = await hub.call(staff, 'assessment.save', {
      sessionId,
      previousId: null,
      note,
    });
    expect(v1).toMatchObject({ version: 1, author: { id: clinician.id, name: 'Dr Ada' } });
    const v2: { id: number; version: number } = await hub.call(staff, 'assessment.save', {
      sessionId,
      previousId: v1.id,
      note: { ...note, notes: 'Sent by ambulance.' },
      reason: 'Added the transfer.',
    });
    expect(v2.version).toBe(2);
    // Amending a version that is no longer the newest is refused, not silently superseded.
    const stale = await hub.fail(staff, 'assessment.save', { sessionId, previousId: v1.id, note, reason: 'again' });
    expect(stale.code).toBe('conflict');
    const versions: { version: number }[] = await hub.call(staff, 'assessment.list', { sessionId });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);

    await hub.call(staff, 'session.setStatus', { sessionId, status: 'seen' });
    const hits: { patientId: number; sessions: number }[] = await hub.call(staff, 'patient.search', { name: 'bell' });
    expect(hits).toHaveLength(1);
    const history: {
      sessions: { status: string; assessments: number }[];
      outcomes: { series: { measure: string }[] };
    } = await hub.call(staff, 'patient.history', { patientId: hits[0]!.patientId });
    expect(history.sessions).toEqual([expect.objectContaining({ status: 'seen', assessments: 2 })]);
    expect(history.outcomes.series.map((s) => s.measure)).toContain('nprs');

    // The same name and birth date again: attached to the record, to confirm; the clinician confirms it.
    hub.clock.advance(7 * 24 * 3600_000);
    await hub.call(staff, 'staff.unlock', { clinicianId: clinician.id, pin: PIN }); // auto-locked meanwhile
    await hub.call(kiosk, 'intake.submit', { ...urgentIntake, patient: { ...urgentIntake.patient, phone: '0711 22' } });
    const today: (Queue[number] & { identityStatus: string | null })[] = await hub.call(staff, 'queue.list', {});
    expect(today[0]!.identityStatus).toBe('to-confirm');
    const resolved = await hub.call(staff, 'session.resolveIdentity', {
      sessionId: today[0]!.sessionId,
      decision: 'same-person',
      usePhone: true,
    });
    expect(resolved).toMatchObject({ identityStatus: 'confirmed', phoneUpdated: true });
    const again = await hub.fail(staff, 'session.resolveIdentity', {
      sessionId: today[0]!.sessionId,
      decision: 'same-person',
      usePhone: false,
    });
    expect(again.code).toBe('conflict');

    const store = await PostgresClinicStore.open(database, { chooseCheckInCode: newCheckInCode, poolSize: 1 });
    try {
      // Every step above that the audit log records, the staff setup and the second unlock among them.
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 16 });
    } finally {
      await store.close();
    }
  });

  it('what is SQLite-only or not yet on the store fails clearly, and settings read without the file', async () => {
    const hub = await hubCore(await freshDatabase());
    const settings: { clinicName: string; idleSeconds: number } = await hub.call(kiosk, 'kiosk.settings', {});
    expect(settings.idleSeconds).toBeGreaterThan(0);
    expect(await hub.core.backups.dailyCheck()).toBeNull();
    expect(() => hub.core.db.prepare('SELECT 1')).toThrow(/needs the SQLite engine/);
    const form: { contentVersion: string } = await hub.call(kiosk, 'intake.form', {});
    expect(form.contentVersion).toBeTruthy();
    await hub.call(kiosk, 'intake.submit', routineIntake);
  });

  it('an urgent intake at one hub reaches the staff stream of another hub of the same database', async () => {
    const database = await freshDatabase();
    const siteA = await hubCore(database);
    const siteB = await hubCore(database);
    const seenA: StaffEvent[] = [];
    const bothAtA = new Promise<void>((resolve) => {
      siteA.core.events.subscribe((e) => {
        seenA.push(e);
        if (seenA.filter((x) => x.type === 'queue.changed').length === 2) resolve();
      });
    });
    const atB = nextEvent(siteB.core, 'alert.urgent');
    const queueAtB = nextEvent(siteB.core, 'queue.changed');

    const receipt: { checkInCode: string } = await siteA.call(kiosk, 'intake.submit', urgentIntake);
    expect(await queueAtB).toEqual({ type: 'queue.changed' });
    expect(await atB).toMatchObject({ type: 'alert.urgent', urgency: 'emergency', checkInCode: receipt.checkInCode });

    // Site B's intake is heard at A after A's own (PostgreSQL delivers in commit order): by then A has heard its
    // alert exactly once, through the database and not also straight from the handler.
    await siteB.call(kiosk, 'intake.submit', routineIntake);
    await bothAtA;
    expect(seenA.map((e) => e.type)).toEqual(['queue.changed', 'alert.urgent', 'queue.changed']);
  });
});
