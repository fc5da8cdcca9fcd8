/**
 * One contract, two engines: every test here runs against the SQLite store and the PostgreSQL store alike
 * (describe.each), then both are seeded alike and must answer alike. PostgreSQL runs skip, with the reason in their
 * name, only where its server binaries are absent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AssessmentConflictError, type ClinicStore } from '../../src-main/store/clinic-store';
import { SchemaTooNewError } from '../../src-main/store/db';
import { LATEST_SCHEMA_VERSION } from '../../src-main/store/migrations/index';
import { PG_LATEST_SCHEMA_VERSION } from '../../src-main/store/postgres/migrations';
import { engines, intakeWrite, postgresEngine, sqliteEngine, type EngineHandle } from '../support/clinic-store-engines';

const handles: EngineHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.cleanup();
});

/** A deterministic chooser: the first free code of a fixed list, so racing writers would pick the same one. */
const firstFreeCode = (isTaken: (code: string) => boolean): string => {
  for (let i = 0; i < 1000; i++) {
    const code = `C${String(i).padStart(3, '0')}`;
    if (!isTaken(code)) return code;
  }
  throw new Error('no code left');
};

const handout = (sessionId: number, patientId: number, authorId: number, n: number) => ({
  sessionId,
  patientId,
  authorId,
  createdAt: `2026-03-02T10:0${n}:00.000Z`,
  locale: 'en',
  planJson: JSON.stringify({ exercises: ['clam'] }),
  fileName: `handout-${n}.pdf`,
  fileSha256: 'a'.repeat(64),
  fileBytes: 1234,
  libraryVersion: 'lib-1',
  libraryHash: 'b'.repeat(64),
  exerciseCount: 1,
  overrideCount: 0,
});

/** The same clinic on either engine: three patients over two days, a note with an amendment, a handout. */
async function seed(store: ClinicStore) {
  const clinician = await store.addClinician(
    { name: 'Dr Ada', role: 'clinician', pinHash: 'h', pinSalt: 's' },
    '2026-03-01T08:00:00.000Z',
  );
  const nunez = await store.submitIntake(
    intakeWrite('Zoë Núñez', '1980-05-01', { submittedAt: '2026-03-01T09:00:00.000Z', localDate: '2026-03-01' }),
  );
  await store.submitIntake(intakeWrite('Zoë Núñez', '1980-05-01', { submittedAt: '2026-03-02T09:30:00.000Z' }));
  await store.submitIntake(
    intakeWrite('Björn Ångström', '1975-11-20', {
      submittedAt: '2026-03-02T09:45:00.000Z',
      urgency: 'emergency',
      redFlagIds: ['cauda_equina'],
    }),
  );
  await store.submitIntake(intakeWrite('Nuno Silva', '1990-01-02', { submittedAt: '2026-03-02T08:15:00.000Z' }));
  await store.submitIntake(intakeWrite('Anne Dunez', '1990-01-02', { submittedAt: '2026-03-02T08:20:00.000Z' }));
  await store.submitIntake(
    intakeWrite('Siobhán O’Brien-Ní', '1979-07-07', {
      submittedAt: '2026-03-01T11:30:00.000Z',
      localDate: '2026-03-01',
    }),
  );
  await store.submitIntake(
    intakeWrite('Δημήτρης Παπαδόπουλος', '1988-08-08', {
      submittedAt: '2026-03-01T11:00:00.000Z',
      localDate: '2026-03-01',
    }),
  );
  const v1 = await store.saveAssessment({
    sessionId: nunez.sessionId,
    previousId: null,
    authorId: clinician,
    createdAt: '2026-03-01T09:20:00.000Z',
    noteJson: JSON.stringify({ impression: ['gtps'] }),
    reason: null,
  });
  await store.saveAssessment({
    sessionId: nunez.sessionId,
    previousId: v1.id,
    authorId: clinician,
    createdAt: '2026-03-01T09:25:00.000Z',
    noteJson: JSON.stringify({ impression: ['gtps', 'fai'] }),
    reason: 'second look',
  });
  await store.recordHandout(handout(nunez.sessionId, nunez.patientId, clinician, 1));
  return { clinician, nunez };
}

describe.each(engines)('the $name store', (engine) => {
  const open = async (chooser?: Parameters<typeof engine.open>[0]) => {
    const h = await engine.open(chooser);
    handles.push(h);
    return h;
  };

  describe.skipIf(engine.skip !== null)(engine.skip ? `skipped: ${engine.skip}` : 'contract', () => {
    it('migrates a fresh database to the latest schema, numbered alike on both engines', async () => {
      const h = await open();
      expect(PG_LATEST_SCHEMA_VERSION).toBe(LATEST_SCHEMA_VERSION);
      expect(await h.store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      // Opening again applies nothing twice.
      const again = await h.another();
      expect(await again.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      expect(await h.count('clinic_identity')).toBe(1);
    });

    it('refuses a database written by a newer Stride and leaves it untouched', async () => {
      const h = await open();
      await h.store.submitIntake(intakeWrite('Ana Lima', '1970-01-01'));
      await h.setSchemaVersion(LATEST_SCHEMA_VERSION + 1);
      await expect(h.another()).rejects.toBeInstanceOf(SchemaTooNewError);
      expect(await h.store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION + 1);
      expect(await h.count('intake_sessions')).toBe(1);
      expect(await h.count('audit_log')).toBe(1);
    });

    it('refuses to update or delete assessment notes, handout records and audit rows', async () => {
      const h = await open();
      await seed(h.store);
      for (const sql of [
        'UPDATE assessments SET note_json = \'{"impression":[]}\'',
        'DELETE FROM assessments',
        "UPDATE handouts SET file_name = 'other.pdf'",
        'DELETE FROM handouts',
        "UPDATE audit_log SET action = 'nothing'",
        'DELETE FROM audit_log',
      ]) {
        await expect(h.exec(sql), sql).rejects.toThrow(/append-only/);
      }
      if (engine.name === 'postgres') {
        for (const table of ['assessments', 'handouts', 'audit_log'])
          await expect(h.exec(`TRUNCATE ${table} CASCADE`), table).rejects.toThrow(/append-only/);
      }
      expect(await h.count('assessments')).toBe(2);
      expect(await h.count('handouts')).toBe(1);
      expect((await h.store.verifyAudit()).ok).toBe(true);
    });

    it('writes a submission whole or not at all', async () => {
      const h = await open();
      await h.store.submitIntake(
        intakeWrite('Ana Lima', '1970-01-01', {
          submission: { id: 'station-0000000001', payloadSha256: 'c'.repeat(64) },
        }),
      );
      const before = await Promise.all(['patients', 'intake_sessions', 'submissions', 'audit_log'].map(h.count));
      // Broken JSON answers: refused by the JSON check after the patient row was written in the same transaction.
      await expect(
        h.store.submitIntake(intakeWrite('Nova Pessoa', '1999-09-09', { answersJson: '{"pain_now": 4' })),
      ).rejects.toThrow();
      // A submission id already used: refused by its key after patient and session were written.
      await expect(
        h.store.submitIntake(
          intakeWrite('Outra Pessoa', '1999-09-10', {
            submission: { id: 'station-0000000001', payloadSha256: 'd'.repeat(64) },
          }),
        ),
      ).rejects.toThrow();
      expect(await Promise.all(['patients', 'intake_sessions', 'submissions', 'audit_log'].map(h.count))).toEqual(
        before,
      );
      expect(await h.store.findSubmission('station-0000000001')).toMatchObject({ payload_sha256: 'c'.repeat(64) });
      expect(await h.store.verifyAudit()).toEqual({ ok: true, rows: 1 });
    });

    it('never gives two of the day’s patients the same check-in code, with several writers at once', async () => {
      const h = await open(firstFreeCode);
      const writers = [h.store, await h.another(), await h.another(), await h.another()];
      const saved = await Promise.all(
        writers.flatMap((store, w) =>
          Array.from({ length: 8 }, (_, i) =>
            store.submitIntake(
              intakeWrite(`Patient ${w}-${i}`, '1960-01-01', {
                // Two of each writer's patients bring a code their station already showed; only one may keep it.
                proposedCheckInCode: i < 2 ? 'KEEP' : undefined,
              }),
            ),
          ),
        ),
      );
      const codes = saved.map((s) => s.checkInCode);
      expect(new Set(codes).size).toBe(32);
      expect(codes.filter((c) => c === 'KEEP')).toHaveLength(1);
      const queue = await h.store.listQueue('2026-03-02');
      expect(new Set(queue.map((q) => q.checkInCode)).size).toBe(32);
      // Every writer chained its audit row to the one before: the chain holds over all 32.
      expect(await h.store.verifyAudit()).toEqual({ ok: true, rows: 32 });
    });

    it('keeps an assessment’s versions one line when several clinicians amend the same version at once', async () => {
      const h = await open();
      const { clinician, nunez } = await seed(h.store);
      const versions = await h.store.listAssessments(nunez.sessionId);
      const newest = versions.at(-1)!;
      const writers = [h.store, await h.another(), await h.another()];
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          writers[i % writers.length]!.saveAssessment({
            sessionId: nunez.sessionId,
            previousId: newest.id,
            authorId: clinician,
            createdAt: `2026-03-01T10:0${i}:00.000Z`,
            noteJson: JSON.stringify({ impression: ['fai'], n: i }),
            reason: `amendment ${i}`,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect(r.reason).toBeInstanceOf(AssessmentConflictError);
        expect((r.reason as AssessmentConflictError).problem).toBe('newer-version-exists');
      }
      const after = await h.store.listAssessments(nunez.sessionId);
      expect(after.map((a) => a.version)).toEqual([1, 2, 3]);
      expect(after.map((a) => a.previous_id)).toEqual([null, after[0]!.id, after[1]!.id]);
      await expect(
        h.store.saveAssessment({
          sessionId: nunez.sessionId,
          previousId: null,
          authorId: clinician,
          createdAt: '2026-03-01T11:00:00.000Z',
          noteJson: '{}',
          reason: null,
        }),
      ).rejects.toMatchObject({ problem: 'newer-version-exists' });
    });

    it('lists the queue most urgent first, a patient’s history, and finds names without their accents', async () => {
      const h = await open();
      const { nunez } = await seed(h.store);
      const queue = await h.store.listQueue('2026-03-02');
      expect(queue.map((q) => q.patientName)).toEqual(['Björn Ångström', 'Nuno Silva', 'Anne Dunez', 'Zoë Núñez']);
      expect(queue[0]).toMatchObject({ urgency: 'emergency', redFlagIds: ['cauda_equina'], alertAcknowledged: false });
      const history = await h.store.patientHistory(nunez.patientId);
      expect(history.map((s) => [s.submitted_at, s.assessments])).toEqual([
        ['2026-03-01T09:00:00.000Z', 2],
        ['2026-03-02T09:30:00.000Z', 0],
      ]);
      const names = async (name: string, dateOfBirth?: string) =>
        (await h.store.searchPatients({ name, dateOfBirth })).map((p) => p.full_name).sort();
      expect(await names('nunez')).toEqual(['Zoë Núñez']);
      expect(await names('NÚÑEZ')).toEqual(['Zoë Núñez']);
      expect(await names('zoe nu')).toEqual(['Zoë Núñez']);
      expect(await names('nu')).toEqual(['Nuno Silva', 'Zoë Núñez']);
      expect(await names('angstr')).toEqual(['Björn Ångström']);
      // Word starts only: "unez" is inside "Núñez" and "Dunez" but starts neither.
      expect(await names('unez')).toEqual([]);
      expect(await names('n', '1990-01-02')).toEqual(['Nuno Silva']);
      expect(await names('%_*"')).toEqual([]);
      // Words of any script, and still word starts only (a letter outside ASCII is part of its word).
      expect(await names('παπαδο')).toEqual(['Δημήτρης Παπαδόπουλος']);
      expect(await names('δημητρης')).toEqual(['Δημήτρης Παπαδόπουλος']);
      expect(await names('ητρης')).toEqual([]);
      expect(await names('brien ni')).toEqual(['Siobhán O’Brien-Ní']);
      const hit = (await h.store.searchPatients({ name: 'nunez' }))[0];
      expect(hit).toMatchObject({ sessions: 2, last_visit: '2026-03-02T09:30:00.000Z' });
      const record = await h.store.sessionRecord(nunez.sessionId);
      expect(record?.patient.full_name).toBe('Zoë Núñez');
      expect(JSON.parse(record!.session.answers_json)).toEqual({ pain_now: 4, side: 'left' });
      expect(await h.store.listHandouts(nunez.sessionId)).toHaveLength(1);
    });

    it('hands a staff event to its subscribers', async () => {
      const h = await open();
      const heard: unknown[] = [];
      const stop = await h.store.subscribeStaffEvents((e) => heard.push(e));
      await h.store.publishStaffEvent({ type: 'alert.urgent', sessionId: 7, urgency: 'emergency' });
      await expect
        .poll(() => heard, { timeout: 5_000 })
        .toEqual([{ type: 'alert.urgent', sessionId: 7, urgency: 'emergency' }]);
      await stop();
    });
  });
});

describe.skipIf(postgresEngine.skip !== null)(
  postgresEngine.skip ? `both engines agree (skipped: ${postgresEngine.skip})` : 'both engines agree',
  () => {
    it('give the same queue, history, notes, handouts and search results for the same clinic', async () => {
      const [lite, pg] = await Promise.all([sqliteEngine.open(firstFreeCode), postgresEngine.open(firstFreeCode)]);
      handles.push(lite, pg);
      const seeded = [await seed(lite.store), await seed(pg.store)];
      expect(seeded[0]).toEqual(seeded[1]);
      const { nunez } = seeded[0]!;
      const read = async (s: ClinicStore) => ({
        queues: [await s.listQueue('2026-03-01'), await s.listQueue('2026-03-02')],
        history: await s.patientHistory(nunez.patientId),
        record: await s.sessionRecord(nunez.sessionId),
        notes: await s.listAssessments(nunez.sessionId),
        handouts: await s.listHandouts(nunez.sessionId),
        // Ranks are engine-specific (bm25 and trigram similarity): the hits themselves must agree.
        searches: await Promise.all(
          ['nunez', 'nu', 'zoe nu', 'björn', 'silva', 'xyz', 'παπα', 'brien'].map(async (name) =>
            (await s.searchPatients({ name })).sort((a, b) => a.id - b.id),
          ),
        ),
        byBirth: await s.searchPatients({ dateOfBirth: '1990-01-02' }),
        audit: await s.verifyAudit(),
      });
      const [a, b] = [await read(lite.store), await read(pg.store)];
      expect(a.queues[1]).toHaveLength(4);
      expect(b).toEqual(a);
    });
  },
);
