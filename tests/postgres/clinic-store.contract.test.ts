/**
 * One contract, two engines: every test here runs against the SQLite store and the PostgreSQL store alike
 * (describe.each), then both are seeded alike and must answer alike. PostgreSQL runs skip, with the reason in their
 * name, only where its server binaries are absent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AssessmentConflictError, type ClinicStore } from '../../src-main/store/clinic-store';
import { reasonKey } from '../../src-main/core/triage/stored-result';
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
  await store.submitIntake(
    intakeWrite('Zoë Núñez', '1980-05-01', { submittedAt: '2026-03-02T09:30:00.000Z', visitKind: 'return' }),
  );
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

    it('makes one record of a new patient who arrives at several hubs at once, the others matched to it', async () => {
      const h = await open();
      const writers = [h.store, await h.another(), await h.another(), await h.another()];
      const saved = await Promise.all(
        writers.flatMap((store) =>
          Array.from({ length: 3 }, () => store.submitIntake(intakeWrite('Mina Park', '1991-02-03'))),
        ),
      );
      expect(await h.count('patients')).toBe(1);
      expect(new Set(saved.map((s) => s.patientId)).size).toBe(1);
      expect(saved.filter((s) => !s.matched)).toHaveLength(1);
      const queue = await h.store.listQueue('2026-03-02');
      expect(queue.filter((q) => q.identityStatus === 'to-confirm')).toHaveLength(11);
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

    it('lists the queue by urgency and a patient’s history; finds names inside words, accents aside', async () => {
      const h = await open();
      const { nunez } = await seed(h.store);
      const queue = await h.store.listQueue('2026-03-02');
      expect(queue.map((q) => q.patientName)).toEqual(['Björn Ångström', 'Nuno Silva', 'Anne Dunez', 'Zoë Núñez']);
      expect(queue[0]).toMatchObject({ urgency: 'emergency', redFlagIds: ['cauda_equina'], alertAcknowledged: false });
      // Núñez's second visit matched her first by name and birth date: a clinician has to confirm it is her.
      expect(queue.map((q) => [q.patientName, q.visitKind, q.identityStatus])).toEqual([
        ['Björn Ångström', 'first', null],
        ['Nuno Silva', 'first', null],
        ['Anne Dunez', 'first', null],
        ['Zoë Núñez', 'return', 'to-confirm'],
      ]);
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
      // Three letters or more are found inside a word (trigrams); shorter ones only where a word starts.
      expect(await names('unez')).toEqual(['Anne Dunez', 'Zoë Núñez']);
      expect(await names('ÚÑE')).toEqual(['Anne Dunez', 'Zoë Núñez']);
      expect(await names('un')).toEqual([]);
      expect(await names('zoe un')).toEqual([]);
      expect(await names('n', '1990-01-02')).toEqual(['Nuno Silva']);
      expect(await names('%_*"')).toEqual([]);
      // Words of any script; a short one is still a word start (a letter outside ASCII is part of its word).
      expect(await names('παπαδο')).toEqual(['Δημήτρης Παπαδόπουλος']);
      expect(await names('δημητρης')).toEqual(['Δημήτρης Παπαδόπουλος']);
      expect(await names('ητρης')).toEqual(['Δημήτρης Παπαδόπουλος']);
      expect(await names('ημ')).toEqual([]);
      expect(await names('brien ni')).toEqual(['Siobhán O’Brien-Ní']);
      const hit = (await h.store.searchPatients({ name: 'nunez' }))[0];
      expect(hit).toMatchObject({ sessions: 2, last_visit: '2026-03-02T09:30:00.000Z' });
      const record = await h.store.sessionRecord(nunez.sessionId);
      expect(record?.patient.full_name).toBe('Zoë Núñez');
      expect(JSON.parse(record!.session.answers_json)).toEqual({ pain_now: 4, side: 'left' });
      expect(await h.store.listHandouts(nunez.sessionId)).toHaveLength(1);
    });

    it('flags a name and birth-date match for a clinician and never overwrites the patient’s phone', async () => {
      const h = await open();
      const kiosk = (phone: string, at: string, visitKind: 'first' | 'return') => ({
        ...intakeWrite('Lena Becker', '1966-06-06', { submittedAt: at, visitKind }),
        patient: { fullName: 'Lena  BECKER', dateOfBirth: '1966-06-06', phone },
      });
      const first = await h.store.submitIntake(kiosk('+44 7700 900123', '2026-03-02T09:00:00.000Z', 'first'));
      const again = await h.store.submitIntake(kiosk('07999 111222', '2026-03-02T10:00:00.000Z', 'return'));
      expect([first.matched, again.matched, again.patientId]).toEqual([false, true, first.patientId]);
      const [one, two] = [await h.store.sessionRecord(first.sessionId), await h.store.sessionRecord(again.sessionId)];
      expect(two?.patient.phone).toBe('+44 7700 900123');
      expect([one?.session.kiosk_phone, one?.session.identity_status, one?.session.visit_kind]).toEqual([
        '+44 7700 900123',
        null,
        'first',
      ]);
      expect([two?.session.kiosk_phone, two?.session.identity_status, two?.session.visit_kind]).toEqual([
        '07999 111222',
        'to-confirm',
        'return',
      ]);
      expect(await h.count('patients')).toBe(1);
      const found = async (name: string) => (await h.store.searchPatients({ name })).map((p) => p.full_name);
      expect(await found('ecker')).toEqual(['Lena  BECKER']);
      // Phone digits, however typed, on the record only (a kiosk phone is not the patient's until a clinician says so).
      expect(await found('447700')).toEqual(['Lena  BECKER']);
      expect(await found('(7700) 900-123')).toEqual(['Lena  BECKER']);
      expect(await found('07999 111222')).toEqual([]);
      expect(await found(first.checkInCode.toLowerCase())).toEqual(['Lena  BECKER']);
    });

    it('stores the visit’s measures and its triage by reference to the version’s reasons', async () => {
      const h = await open();
      const reasons: [string, string, number | null][] = [
        ['pain_side', 'Pain on the outside of the hip', 2],
        ['night_pain', 'Pain at night', null],
      ];
      const index = await h.store.ensureReasonCatalogue('content-1', reasons, '2026-03-01T08:00:00.000Z');
      expect([...index.values()]).toEqual([0, 1]);
      // A second start with one reason more appends it; the indexes already stored keep their meaning.
      const grown = await h.store.ensureReasonCatalogue(
        'content-1',
        [['stairs', 'Stairs hurt', 1], ...reasons],
        '2026-03-02T08:00:00.000Z',
      );
      expect([...grown.values()].sort()).toEqual([0, 1, 2]);
      expect(grown.get(reasonKey(['stairs', 'Stairs hurt', 1]))).toBe(2);
      const triage = {
        f: 1,
        s: [['gtps', 4, 's', [0, [2, 'l']], []]],
        k: [],
        r: [['night', 'same-day', [1]]],
      };
      const saved = await h.store.submitIntake(
        intakeWrite('Ana Lima', '1970-01-01', {
          triageJson: JSON.stringify(triage),
          measures: [
            { measure: 'nprs', items: { now: 4, worst: 7 }, total: 4 },
            { measure: 'lefs', items: { stairs: 2 }, total: null },
          ],
        }),
      );
      const record = await h.store.sessionRecord(saved.sessionId);
      expect(record?.triage.suggestions[0]?.reasons.map((r) => [r.text, r.weight, r.side])).toEqual([
        ['Pain on the outside of the hip', 2, undefined],
        ['Stairs hurt', 1, 'left'],
      ]);
      expect(record?.triage.redFlags[0]?.reasons[0]?.text).toBe('Pain at night');
      expect(record?.triage.contentVersion).toBe('content-1');
      const measures = await h.store.sessionMeasures(saved.sessionId);
      expect(measures.map((m) => [m.measure, m.items, m.total, m.visitDate])).toEqual([
        ['lefs', { stairs: 2 }, null, '2026-03-02'],
        ['nprs', { now: 4, worst: 7 }, 4, '2026-03-02'],
      ]);
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
        measures: await s.sessionMeasures(nunez.sessionId),
        notes: await s.listAssessments(nunez.sessionId),
        handouts: await s.listHandouts(nunez.sessionId),
        // In the same order too: both engines list the newest patient record first.
        searches: await Promise.all(
          ['nunez', 'unez', 'nu', 'n', 'zoe nu', 'björn', 'silva', 'xyz', 'παπα', 'ητρης', 'brien'].map((name) =>
            s.searchPatients({ name }),
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
