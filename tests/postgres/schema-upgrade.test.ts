/**
 * A PostgreSQL database at schema 10 holding a clinic, brought to the latest schema as a hub would at start: old
 * triage results are converted to the by-reference form only when they decode back to their old JSON byte for byte
 * (as SQLite's migration 013), the identity index stops being unique, and the new columns take their defaults. And
 * from every later version too (PostgreSQL's twin of SQLite's migration-from-every-version test): a clinic stopped at
 * schema N, with the rows its engine wrote, reaches the latest and serves its queue, search and records.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { newCheckInCode } from '../../src-main/api/check-in-code';
import { PostgresClinicStore } from '../../src-main/store/postgres/clinic-store';
import { PG_LATEST_SCHEMA_VERSION, pgMigrations } from '../../src-main/store/postgres/migrations';
import { createTestDatabase } from '../support/postgres';
import { intakeWrite } from '../support/clinic-store-engines';

const provided = inject('postgres');
const skip = 'skip' in provided ? provided.skip : null;

const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of drops.splice(0)) await d();
});

/** A result as the engine gave it before migration 013, keys in the order decodeTriage writes them. */
const legacyResult = (side: 'left' | 'right') => ({
  engineVersion: 'engine-1',
  contentVersion: 'content-1',
  suggestions: [
    {
      conditionId: 'gtps',
      score: 3,
      strength: 'strong',
      reasons: [{ questionId: 'pain_site', text: 'Pain on the outside of the hip', weight: 3, side }],
      against: [],
    },
  ],
  noStrongMatch: false,
  riskFactors: [],
  redFlags: [{ id: 'night', urgency: 'same-day', reasons: [{ questionId: 'night_pain', text: 'Pain at night' }] }],
  urgency: 'same-day',
});

describe.skipIf(skip !== null)(skip ? `schema upgrade (skipped: ${skip})` : 'schema upgrade on PostgreSQL', () => {
  it('brings a schema 10 clinic to the latest schema, converting old triage results exactly', async () => {
    if ('skip' in provided) throw new Error(provided.skip);
    const db = await createTestDatabase(provided.adminUrl);
    drops.push(db.drop);
    const at10 = await PostgresClinicStore.open(db.url, {
      chooseCheckInCode: newCheckInCode,
      migrations: pgMigrations.filter((m) => m.version <= 10),
    });
    const raw = JSON.stringify(legacyResult('left'));
    // Versions that disagree with the row's columns: kept as it was, as on SQLite.
    const mismatched = JSON.stringify({ ...legacyResult('right'), contentVersion: 'content-0' });
    const ids: number[] = [];
    for (const [i, triageJson] of [raw, JSON.stringify(legacyResult('right')), mismatched].entries()) {
      // Schema 10's columns only: the write the schema 10 engine made.
      const c = await at10.pool.query<{ id: number }>(
        `WITH p AS (INSERT INTO patients (full_name, name_key, date_of_birth, created_at)
                    VALUES ('Ana Lima', 'ana lima', '1970-01-0${i + 1}', 'a') RETURNING id)
         INSERT INTO intake_sessions (patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids,
           check_in_code, locale, answers_json, triage_json, content_version, engine_version)
         SELECT id, '2026-01-0${i + 1}T09:00:00.000Z', '2026-01-0${i + 1}', 'same-day', 1, '["night"]', 'K${i}',
                'en', '{}', $1, 'content-1', 'engine-1' FROM p RETURNING id`,
        [triageJson],
      );
      ids.push(c.rows[0]!.id);
    }
    await at10.close();

    const store = await PostgresClinicStore.open(db.url, { chooseCheckInCode: newCheckInCode });
    drops.unshift(() => store.close());
    expect(await store.schemaVersion()).toBe(PG_LATEST_SCHEMA_VERSION);
    const stored = await store.pool.query<{ id: number; triage_json: string; visit_kind: string }>(
      'SELECT id, triage_json, visit_kind FROM intake_sessions ORDER BY id',
    );
    expect(stored.rows.map((r) => [JSON.parse(r.triage_json).f ?? null, r.visit_kind])).toEqual([
      [1, 'first'],
      [1, 'first'],
      [null, 'first'],
    ]);
    expect(stored.rows[2]!.triage_json).toBe(mismatched);
    const catalogue = await store.pool.query(
      'SELECT content_version, reasons_json, first_used_at FROM reason_catalogues',
    );
    expect(catalogue.rows).toEqual([
      {
        content_version: 'content-1',
        reasons_json: JSON.stringify([
          ['pain_site', 'Pain on the outside of the hip', 3],
          ['night_pain', 'Pain at night', null],
        ]),
        first_used_at: '2026-01-01T09:00:00.000Z',
      },
    ]);
    // Read back through the catalogue: the very JSON each session stored before.
    expect(JSON.stringify((await store.sessionRecord(ids[0]!))?.triage)).toBe(raw);
    expect((await store.sessionRecord(ids[1]!))?.triage).toEqual(legacyResult('right'));
    // A second person of the same name and birth date can now be recorded (a clinician's "a different person").
    await expect(
      store.pool.query(
        `INSERT INTO patients (full_name, name_key, date_of_birth, created_at)
         VALUES ('Ana Lima', 'ana lima', '1970-01-01', 'b')`,
      ),
    ).resolves.toBeDefined();
    const again = await store.submitIntake(intakeWrite('Ana Lima', '1970-01-01'));
    expect(again.matched).toBe(true);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const indexes = await c.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE tablename IN ('patients', 'intake_sessions', 'audit_log')
          ORDER BY indexname`,
      );
      expect(indexes.rows.map((r) => r.indexname)).toEqual(
        expect.arrayContaining(['patients_phone_trgm', 'sessions_by_code_anyday', 'audit_by_actor', 'sessions_queue']),
      );
    } finally {
      await c.end();
    }
  });

  // Every version a clinic may have stopped at since PostgreSQL's first (10), the latest left out (nothing to do).
  const earlier = pgMigrations.map((m) => m.version).filter((v) => v < PG_LATEST_SCHEMA_VERSION);
  it.each(earlier)('brings a clinic stopped at schema %i to the latest, its data served', async (version) => {
    if ('skip' in provided) throw new Error(provided.skip);
    const db = await createTestDatabase(provided.adminUrl);
    drops.push(db.drop);
    const old = await PostgresClinicStore.open(db.url, {
      chooseCheckInCode: newCheckInCode,
      migrations: pgMigrations.filter((m) => m.version <= version),
    });
    expect(await old.schemaVersion()).toBe(version);
    // Columns every schema since 10 has, so the row is what any of those engines could have written; its triage
    // result in the form of the version (by reference from 13 on is made by the current store below instead).
    await old.pool.query(
      `WITH p AS (INSERT INTO patients (full_name, name_key, date_of_birth, created_at)
                  VALUES ('Björn Ångström', 'bjorn angstrom', '1961-06-06', '2026-01-05T08:00:00.000Z') RETURNING id)
       INSERT INTO intake_sessions (patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids,
         check_in_code, locale, answers_json, triage_json, content_version, engine_version)
       SELECT id, '2026-01-05T09:00:00.000Z', '2026-01-05', 'same-day', 1, '["night"]', 'K7QX', 'en',
              '{"pain_now":6}', $1, 'content-1', 'engine-1' FROM p`,
      [JSON.stringify(legacyResult('left'))],
    );
    await old.close();

    const store = await PostgresClinicStore.open(db.url, { chooseCheckInCode: newCheckInCode });
    drops.unshift(() => store.close());
    expect(await store.schemaVersion()).toBe(PG_LATEST_SCHEMA_VERSION);
    const queue = await store.listQueue('2026-01-05');
    expect(queue.map((q) => [q.patientName, q.urgency, q.checkInCode])).toEqual([
      ['Björn Ångström', 'same-day', 'K7QX'],
    ]);
    const [hit] = await store.searchPatients({ name: 'angstr' });
    expect(hit).toMatchObject({ full_name: 'Björn Ångström', sessions: 1 });
    expect((await store.searchPatients({ name: 'K7QX' })).map((p) => p.id)).toEqual([hit!.id]);
    const record = await store.sessionRecord(queue[0]!.sessionId);
    expect(record?.triage).toEqual(legacyResult('left'));
    // The engine of today writes on it: a return visit matched to the old record, its audit row chained.
    const again = await store.submitIntake(
      intakeWrite('Björn Ångström', '1961-06-06', { submittedAt: '2026-02-01T09:00:00.000Z', localDate: '2026-02-01' }),
    );
    expect(again.matched).toBe(true);
    expect(await store.verifyAudit()).toEqual({ ok: true, rows: 1 });
    // Append-only still holds after the upgrade.
    await expect(store.pool.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/i);
  });
});
