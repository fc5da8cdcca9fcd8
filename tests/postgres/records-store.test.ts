/**
 * Area C of the store contract on both engines: handouts recorded and listed, their PDFs kept and read back only while
 * they have the recorded hash (a file beside SQLite, the shared database on PostgreSQL, so a second hub reads it),
 * templates, retention settings and the purge, and a patient's export inputs; then both engines seeded alike must
 * answer alike.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicStore } from '../../src-main/store/clinic-store';
import type { HandoutWrite } from '../../src-main/store/handouts';
import { sha256Hex } from '../../src-main/store/handout-files';
import { SqliteClinicStore } from '../../src-main/store/sqlite-clinic-store';
import { PostgresClinicStore } from '../../src-main/store/postgres/clinic-store';
import { engines, intakeWrite, postgresEngine, sqliteEngine, type EngineHandle } from '../support/clinic-store-engines';

const handles: EngineHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.cleanup();
});

/** A raw read outside the store, the same SQL on either engine. */
async function rows<T>(store: ClinicStore, sql: string): Promise<T[]> {
  if (store instanceof SqliteClinicStore) return store.db.prepare(sql).all() as T[];
  if (store instanceof PostgresClinicStore) return (await store.pool.query(sql)).rows as T[];
  throw new Error('unknown engine');
}

/** Check-in codes in a fixed order, so both engines give the same ones. */
const firstFreeCode = (isTaken: (code: string) => boolean): string => {
  for (let i = 0; ; i++) if (!isTaken(`C${String(i).padStart(3, '0')}`)) return `C${String(i).padStart(3, '0')}`;
};

const PDF = Buffer.from('%PDF-1.7\n% a handout for the contract test\n%%EOF\n');

const handoutWrite = (sessionId: number, patientId: number, authorId: number, minute: number): HandoutWrite => ({
  handout: {
    sessionId,
    patientId,
    authorId,
    createdAt: `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`,
    locale: 'en',
    planJson: JSON.stringify({ exercises: [{ exerciseId: 'clam' }] }),
    libraryVersion: 'lib-1',
    libraryHash: 'b'.repeat(64),
    exerciseCount: 1,
    overrideCount: 0,
  },
  pdf: PDF,
  audit: { actorType: 'clinician', actorId: authorId, action: 'handout.generate', detail: { exercises: 1 } },
});

async function clinicianAndVisit(store: ClinicStore) {
  const clinician = await store.addClinician(
    { name: 'Dr Ada', role: 'clinician', pinHash: 'h', pinSalt: 's' },
    '2026-03-01T08:00:00.000Z',
  );
  const visit = await store.submitIntake(intakeWrite('Zoë Núñez', '1980-05-01'));
  return { clinician, visit };
}

/** One clinic on either engine: two old visits (notes, measures, a handout, a submission) and a recent one. */
async function seedForRetention(store: ClinicStore) {
  const clinician = await store.addClinician(
    { name: 'Dr Ada', role: 'clinician', pinHash: 'h', pinSalt: 's' },
    '2010-01-01T08:00:00.000Z',
  );
  const old = await store.submitIntake(
    intakeWrite('Old Patient', '1950-01-01', {
      submittedAt: '2012-03-01T09:00:00.000Z',
      localDate: '2012-03-01',
      measures: [
        { measure: 'nprs', items: { now: 6 }, total: 6 },
        { measure: 'lefs', items: { a: 3 }, total: 40 },
      ],
      submission: { id: 'station-0000000001', payloadSha256: 'c'.repeat(64) },
    }),
  );
  const v1 = await store.saveAssessment({
    sessionId: old.sessionId,
    previousId: null,
    authorId: clinician,
    createdAt: '2012-03-01T09:20:00.000Z',
    noteJson: JSON.stringify({ impression: ['gtps'] }),
    reason: null,
  });
  await store.saveAssessment({
    sessionId: old.sessionId,
    previousId: v1.id,
    authorId: clinician,
    createdAt: '2012-03-01T09:30:00.000Z',
    noteJson: JSON.stringify({ impression: ['gtps', 'fai'] }),
    reason: 'second look',
  });
  const oldHandout = await store.saveHandout({
    ...handoutWrite(old.sessionId, old.patientId, clinician, 0),
    handout: { ...handoutWrite(old.sessionId, old.patientId, clinician, 0).handout, createdAt: '2012-03-01T09:40Z' },
  });
  // A patient seen long ago and again recently keeps their record and the recent visit.
  const returning = await store.submitIntake(
    intakeWrite('Long Returner', '1960-06-06', { submittedAt: '2013-05-01T09:00:00.000Z', localDate: '2013-05-01' }),
  );
  const recent = await store.submitIntake(
    intakeWrite('Long Returner', '1960-06-06', { submittedAt: '2026-03-02T09:00:00.000Z', visitKind: 'return' }),
  );
  await store.saveHandout(handoutWrite(recent.sessionId, recent.patientId, clinician, 5));
  return { clinician, old, oldHandout, returning, recent };
}

describe.each(engines)('the $name store, area C', (engine) => {
  const open = async () => {
    const h = await engine.open();
    handles.push(h);
    return h;
  };

  describe.skipIf(engine.skip !== null)(engine.skip ? `skipped: ${engine.skip}` : 'contract', () => {
    it('keeps a handout with its PDF and audit row, lists it, and a second store reads the same bytes', async () => {
      const h = await open();
      const { clinician, visit } = await clinicianAndVisit(h.store);
      const row = await h.store.saveHandout(handoutWrite(visit.sessionId, visit.patientId, clinician, 1));
      expect(row).toMatchObject({
        session_id: visit.sessionId,
        author_name: 'Dr Ada',
        file_sha256: sha256Hex(PDF),
        file_bytes: PDF.length,
      });
      expect(row.file_name).toMatch(/^handout-s\d+-20260302T100100Z-[0-9a-f]{6}\.pdf$/);
      expect(await h.store.listHandouts(visit.sessionId)).toEqual([row]);
      expect(await h.store.getHandout(row.id)).toEqual(row);

      const audit = await rows<{ action: string; target_id: number; detail_json: string }>(
        h.store,
        'SELECT action, target_id, detail_json FROM audit_log ORDER BY id',
      );
      expect(audit.at(-1)).toEqual({
        action: 'handout.generate',
        target_id: visit.sessionId,
        detail_json: JSON.stringify({ handoutId: row.id, sha256: sha256Hex(PDF), exercises: 1 }),
      });
      expect((await h.store.verifyAudit()).ok).toBe(true);

      // Another hub of the group (PostgreSQL), or another connection to the file (SQLite).
      const other = await h.another();
      const read = await other.handoutPdf(row.id);
      expect(read?.file).toEqual({ ok: true, bytes: PDF });
      if (engine.name === 'postgres') expect(read?.path).toBeNull();
      else expect(readFileSync(read!.path!)).toEqual(PDF);
      expect(await other.handoutPdf(row.id + 100)).toBeUndefined();
    });

    it('refuses a PDF with one byte changed, and says when it is missing', async () => {
      const h = await open();
      const { clinician, visit } = await clinicianAndVisit(h.store);
      const changed = await h.store.saveHandout(handoutWrite(visit.sessionId, visit.patientId, clinician, 1));
      const missing = await h.store.saveHandout(handoutWrite(visit.sessionId, visit.patientId, clinician, 2));
      if (h.store instanceof SqliteClinicStore) {
        const path = (await h.store.handoutPdf(changed.id))!.path!;
        const bytes = readFileSync(path);
        bytes[10] = bytes[10]! ^ 1;
        writeFileSync(path, bytes);
        const { rmSync } = await import('node:fs');
        rmSync((await h.store.handoutPdf(missing.id))!.path!);
      } else {
        // Only by lifting the guard as the database's owner: the store never changes a PDF.
        await expect(h.exec('UPDATE handout_pdfs SET sha256 = sha256')).rejects.toThrow(/append-only/);
        await expect(h.exec('DELETE FROM handout_pdfs')).rejects.toThrow(/append-only/);
        await expect(h.exec('TRUNCATE handout_pdfs')).rejects.toThrow(/append-only/);
        await h.exec(
          `ALTER TABLE handout_pdfs DISABLE TRIGGER USER;
           UPDATE handout_pdfs SET pdf = set_byte(pdf, 10, get_byte(pdf, 10) # 1) WHERE handout_id = ${changed.id};
           DELETE FROM handout_pdfs WHERE handout_id = ${missing.id};
           ALTER TABLE handout_pdfs ENABLE TRIGGER USER`,
        );
      }
      expect((await h.store.handoutPdf(changed.id))?.file).toEqual({ ok: false, problem: 'changed' });
      expect((await h.store.handoutPdf(missing.id))?.file).toEqual({ ok: false, problem: 'missing' });
    });

    it('keeps no PDF and no audit row when the handout record is refused', async () => {
      const h = await open();
      const { clinician, visit } = await clinicianAndVisit(h.store);
      const audits = await h.count('audit_log');
      // No such session: the record's foreign key refuses it after the PDF was kept.
      await expect(
        h.store.saveHandout(handoutWrite(visit.sessionId + 50, visit.patientId, clinician, 1)),
      ).rejects.toThrow();
      expect(await h.count('handouts')).toBe(0);
      expect(await h.count('audit_log')).toBe(audits);
      if (h.store instanceof SqliteClinicStore) {
        const { readdirSync } = await import('node:fs');
        const { dirname, join } = await import('node:path');
        expect(readdirSync(join(dirname(h.store.db.name), 'handouts'))).toEqual([]);
      } else expect(await h.count('handout_pdfs')).toBe(0);
    });

    it('saves a template, replaces it under the same name in any case, and audits both', async () => {
      const h = await open();
      const { clinician } = await clinicianAndVisit(h.store);
      const first = await h.store.saveTemplate({
        name: ' Knee week 1 ',
        planJson: JSON.stringify({ exercises: [] }),
        authorId: clinician,
        at: '2026-03-02T10:00:00.000Z',
      });
      const second = await h.store.saveTemplate({
        name: 'KNEE week 1',
        planJson: JSON.stringify({ exercises: [{ exerciseId: 'clam' }] }),
        authorId: clinician,
        at: '2026-03-02T11:00:00.000Z',
      });
      expect(second).toMatchObject({ id: first.id, name: 'KNEE week 1', author_name: 'Dr Ada' });
      expect(second.created_at).toBe('2026-03-02T10:00:00.000Z');
      expect(second.updated_at).toBe('2026-03-02T11:00:00.000Z');
      expect(await h.store.listTemplates()).toEqual([second]);
      expect(await h.store.getTemplate(first.id)).toEqual(second);
      const actions = await rows<{ action: string }>(h.store, 'SELECT action FROM audit_log ORDER BY id');
      expect(actions.slice(-2).map((a) => a.action)).toEqual(['handout.template.save', 'handout.template.replace']);
    });

    it('reads and changes the retention period with its audit row', async () => {
      const h = await open();
      expect(await h.store.readRetention()).toEqual({ recordsYears: 8, draftDays: 30 });
      expect(await h.store.saveRetention({ recordsYears: 10 }, 7, '2026-03-02T10:00:00.000Z')).toEqual({
        recordsYears: 10,
        draftDays: 30,
      });
      expect(await (await h.another()).readRetention()).toEqual({ recordsYears: 10, draftDays: 30 });
      const audit = await rows<{ action: string; actor_id: number; detail_json: string }>(
        h.store,
        'SELECT action, actor_id, detail_json FROM audit_log',
      );
      expect(audit).toEqual([
        { action: 'records.retention', actor_id: 7, detail_json: JSON.stringify({ recordsYears: 10, draftDays: 30 }) },
      ]);
      await expect(h.store.saveRetention({ recordsYears: 0 }, 7, '2026-03-02T10:00:00.000Z')).rejects.toThrow();
      expect(await h.store.readRetention()).toEqual({ recordsYears: 10, draftDays: 30 });
    });

    it('purges what is older than the period with everything hanging off it, in one audited transaction', async () => {
      const h = await open();
      const s = await seedForRetention(h.store);
      const result = await h.store.purgeExpired(new Date('2026-03-02T12:00:00.000Z'), s.clinician);
      expect(result).toEqual({
        cutoff: '2018-03-02T12:00:00.000Z',
        sessions: 2,
        patients: 1,
        related: { assessments: 2, handouts: 1, measure_responses: 2, submissions: 1 },
        expiredFiles: [s.oldHandout.file_name],
      });
      // Kept: the returning patient and their recent visit; the clinician; every audit row, with one more.
      expect(await h.count('patients')).toBe(1);
      expect((await h.store.sessionRecord(s.recent.sessionId))?.patient.full_name).toBe('Long Returner');
      expect(await h.store.sessionRecord(s.old.sessionId)).toBeUndefined();
      expect(await h.store.handoutPdf(s.oldHandout.id)).toBeUndefined();
      if (engine.name === 'postgres') expect(await h.count('handout_pdfs')).toBe(1);
      const last = await rows<{ action: string; actor_id: number; detail_json: string }>(
        h.store,
        'SELECT action, actor_id, detail_json FROM audit_log ORDER BY id DESC LIMIT 1',
      );
      expect(last[0]?.action).toBe('records.purge');
      expect(JSON.parse(last[0]!.detail_json)).toEqual({
        cutoff: result.cutoff,
        sessions: 2,
        patients: 1,
        related: result.related,
      });
      expect((await h.store.verifyAudit()).ok).toBe(true);
      // The sanctioned deletion ended with the purge: the guards refuse again.
      await expect(h.exec('DELETE FROM handouts')).rejects.toThrow(/append-only/);
      // Nothing is left to purge.
      expect(await h.store.purgeExpired(new Date('2026-03-02T12:00:00.000Z'), null)).toMatchObject({
        sessions: 0,
        patients: 0,
        related: {},
        expiredFiles: [],
      });
    });

    it('leaves everything as it was when the purge fails', async () => {
      const h = await open();
      await seedForRetention(h.store);
      const counts = async () =>
        Promise.all(['patients', 'intake_sessions', 'assessments', 'handouts', 'audit_log'].map(h.count));
      const before = await counts();
      // The last write, the purge's audit row, is refused: every delete before it must come back.
      await h.exec(
        engine.name === 'sqlite'
          ? `CREATE TRIGGER refuse_purge BEFORE INSERT ON audit_log WHEN NEW.action = 'records.purge'
             BEGIN SELECT RAISE(ABORT, 'no purge today'); END`
          : `CREATE FUNCTION refuse_purge() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION 'no purge today'; END $$;
             CREATE TRIGGER refuse_purge BEFORE INSERT ON audit_log FOR EACH ROW
               WHEN (NEW.action = 'records.purge') EXECUTE FUNCTION refuse_purge()`,
      );
      await expect(h.store.purgeExpired(new Date('2026-03-02T12:00:00.000Z'), null)).rejects.toThrow(/no purge/);
      expect(await counts()).toEqual(before);
      if (engine.name === 'postgres') expect(await h.count('handout_pdfs')).toBe(2);
      await expect(h.exec('DELETE FROM handouts')).rejects.toThrow(/append-only/);
    });

    it('reads a patient’s export inputs: visits, triage, measures, related rows, notes and handouts', async () => {
      const h = await open();
      const s = await seedForRetention(h.store);
      const exp = await h.store.patientExport(s.old.patientId);
      expect(exp?.patient).toMatchObject({
        id: s.old.patientId,
        full_name: 'Old Patient',
        date_of_birth: '1950-01-01',
      });
      expect(exp?.sessions.map((x) => x.row.id)).toEqual([s.old.sessionId]);
      expect(exp?.sessions[0]?.triage).toEqual({ urgency: 'routine', suggestions: [] });
      expect(exp?.sessions[0]?.measures.map((m) => [m.measure, m.total])).toEqual([
        ['lefs', 40],
        ['nprs', 6],
      ]);
      expect(Object.keys(exp!.related).sort()).toEqual(['assessments', 'handouts', 'measure_responses', 'submissions']);
      expect(exp?.related.assessments?.map((a) => a.version)).toEqual([1, 2]);
      expect(exp?.related.submissions?.[0]).toMatchObject({ submission_id: 'station-0000000001' });
      expect(exp?.latestAssessment).toMatchObject({ version: 2, author_name: 'Dr Ada' });
      expect(exp?.handouts.map((x) => x.id)).toEqual([s.oldHandout.id]);
      expect(await h.store.patientExport(9999)).toBeUndefined();
    });
  });
});

describe.skipIf(postgresEngine.skip !== null)('both engines seeded alike', () => {
  it('answer alike: handouts, templates, export inputs and the purge', async () => {
    const answers = [];
    for (const engine of [sqliteEngine, postgresEngine]) {
      const h = await engine.open(firstFreeCode);
      handles.push(h);
      const s = await seedForRetention(h.store);
      await h.store.saveTemplate({
        name: 'Hip',
        planJson: '{"exercises":[]}',
        authorId: s.clinician,
        at: '2026-03-02',
      });
      // File names carry a random part: the rest must be equal.
      const named = <T extends { file_name: string }>(x: T) => ({ ...x, file_name: x.file_name.slice(0, -10) });
      const exported = async (patientId: number) => {
        const exp = (await h.store.patientExport(patientId))!;
        const related = exp.related.handouts?.map((x) => named(x as { file_name: string }));
        return { ...exp, handouts: exp.handouts.map(named), related: { ...exp.related, handouts: related } };
      };
      answers.push({
        handouts: (await h.store.listHandouts(s.old.sessionId)).map(named),
        templates: await h.store.listTemplates(),
        impression: await h.store.latestImpression(s.old.sessionId),
        export: await exported(s.old.patientId),
        purge: { ...(await h.store.purgeExpired(new Date('2026-03-02T12:00:00.000Z'), null)), expiredFiles: [] },
        after: await exported(s.recent.patientId),
      });
    }
    expect(answers[1]).toEqual(answers[0]);
  });
});
