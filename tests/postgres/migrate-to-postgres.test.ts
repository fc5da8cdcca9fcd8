/**
 * `npm run migrate-to-postgres`: a clinic's SQLite file copied into an empty PostgreSQL database on the throwaway
 * server, every table, verified by counts and hashes; the file unchanged to the byte; a non-empty target refused;
 * the password in the target URL never in the output.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { newCheckInCode } from '../../src-main/api/check-in-code';
import { SqliteClinicStore } from '../../src-main/store/sqlite-clinic-store';
import { openDatabase } from '../../src-main/store/db';
import { PostgresClinicStore } from '../../src-main/store/postgres/clinic-store';
import { migrateSqliteToPostgres, verifyCopy } from '../../src-main/store/postgres/migrate-from-sqlite';
import { PG_LATEST_SCHEMA_VERSION, STORE_TABLES } from '../../src-main/store/postgres/migrations';
import { createTestDatabase } from '../support/postgres';
import { intakeWrite } from '../support/clinic-store-engines';

const provided = inject('postgres');
const skip = 'skip' in provided ? provided.skip : null;
const PASSWORD = 'Tr0ub4dor&3';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function target(): Promise<string> {
  if ('skip' in provided) throw new Error(provided.skip);
  const db = await createTestDatabase(provided.adminUrl);
  cleanups.push(db.drop);
  // Trust authentication ignores the password: it is there to prove it is never printed.
  return db.url.replace('postgres://stride@', `postgres://stride:${encodeURIComponent(PASSWORD)}@`);
}

/** A clinic file with rows in every table, written by the SQLite store, closed as a stopped hub leaves it. */
async function clinicFile(): Promise<{
  file: string;
  dir: string;
  handout: { id: number; name: string; pdf: Buffer };
}> {
  const dir = mkdtempSync(join(tmpdir(), 'stride-migrate-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'stride.db');
  const db = openDatabase(file);
  const store = new SqliteClinicStore(db, newCheckInCode);
  const author = await store.addClinician({ name: 'Dr Ada', role: 'admin', pinHash: 'h', pinSalt: 's' }, '2026-01-01');
  await store.ensureReasonCatalogue('content-1', [['side', 'Outer hip pain', 2]], '2026-01-01T00:00:00.000Z');
  const byReference = JSON.stringify({ f: 1, s: [['gtps', 2, 'p', [[0, 'r']], []]], k: [], r: [] });
  for (let i = 0; i < 450; i++) {
    // The last 50 are return visits of earlier patients: matched by name and birth date, their phone kept apart.
    const n = i < 400 ? i : i - 400;
    const base = intakeWrite(n % 3 ? `Zoë Núñez ${n}` : `Björn Ångström ${n}`, '1980-05-01', {
      submittedAt: `2026-03-0${1 + (i % 5)}T09:${String(i % 60).padStart(2, '0')}:00.000Z`,
      localDate: `2026-03-0${1 + (i % 5)}`,
      submission: { id: `station-${String(i).padStart(12, '0')}`, payloadSha256: 'e'.repeat(64) },
      visitKind: i < 400 ? 'first' : 'return',
      ...(i % 2 ? { triageJson: byReference } : {}),
      // A PSFS average that a 4-byte float would round: the copy's hash must still agree.
      measures: [
        { measure: 'nprs', items: { now: i % 11, worst: 10 }, total: i % 11 },
        { measure: 'psfs', items: [{ activity: 'stairs', rating: i % 10 }], total: (i % 10) / 3 },
      ],
    });
    await store.submitIntake({ ...base, patient: { ...base.patient, phone: `+34 600 ${String(i).padStart(3, '0')}` } });
  }
  const v1 = await store.saveAssessment({
    sessionId: 1,
    previousId: null,
    authorId: author,
    createdAt: '2026-03-01T10:00:00.000Z',
    noteJson: '{"impression":["gtps"]}',
    reason: null,
  });
  await store.saveAssessment({
    ...v1,
    sessionId: 1,
    previousId: v1.id,
    authorId: author,
    createdAt: 'x',
    noteJson: '{}',
    reason: 'r',
  });
  await store.recordHandout({
    sessionId: 1,
    patientId: 1,
    authorId: author,
    createdAt: '2026-03-01T10:05:00.000Z',
    locale: 'es',
    planJson: '{"exercises":["clam"]}',
    fileName: 'h1.pdf',
    fileSha256: 'a'.repeat(64),
    fileBytes: 10,
    libraryVersion: '1',
    libraryHash: 'b'.repeat(64),
    exerciseCount: 1,
    overrideCount: 0,
  });
  // A handout whose PDF is in the handouts folder beside the file: it moves into the database.
  const pdf = Buffer.from('%PDF-1.7\n% made at the first site\n%%EOF\n');
  const madeHere = await store.saveHandout({
    handout: {
      sessionId: 2,
      patientId: 2,
      authorId: author,
      createdAt: '2026-03-01T10:06:00.000Z',
      locale: 'en',
      planJson: '{"exercises":["clam"]}',
      libraryVersion: '1',
      libraryHash: 'b'.repeat(64),
      exerciseCount: 1,
      overrideCount: 0,
    },
    pdf,
    audit: { actorType: 'clinician', actorId: author, action: 'handout.generate', detail: {} },
  });
  db.exec(`
    INSERT INTO settings (key, value_json) VALUES ('clinic', '{"clinicName":"Clínica Sol"}');
    INSERT INTO handout_templates (name, name_key, plan_json, author_id, created_at, updated_at)
      VALUES ('Hip basics', 'hip basics', '{"exercises":[]}', 1, 'a', 'b');
    INSERT INTO devices (name, role, credential_hash, created_at, created_by)
      VALUES ('Front kiosk', 'kiosk', '${'c'.repeat(64)}', 'a', 1);
    INSERT INTO pairing_codes (code_hash, role, name, created_at, expires_at, created_by, used_at, device_id)
      VALUES ('${'d'.repeat(64)}', 'kiosk', 'Front kiosk', 'a', 'b', 1, 'c', 1);
    INSERT INTO questionnaire_versions (content_version, questionnaire_json, first_used_at)
      VALUES ('content-1', '{"q":[]}', 'a');
    INSERT INTO pin_failures (scope, clinician_id, failed, locked_until) VALUES ('device:1', 1, 2, NULL);
    INSERT INTO admin_recovery (only_row, code_hash, code_salt, created_at) VALUES (1, 'h', 's', 'a');
    UPDATE intake_sessions SET identity_status = 'confirmed', identity_resolved_at = 'c', identity_resolved_by = 1
      WHERE id = 401;
  `);
  await store.close();
  return { file, dir, handout: { id: madeHere.id, name: madeHere.file_name, pdf } };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(skip !== null)(skip ? `migrate-to-postgres (skipped: ${skip})` : 'migrate-to-postgres', () => {
  it('copies every table, verifies counts and hashes, and leaves the SQLite file as it was', async () => {
    const { file, dir, handout } = await clinicFile();
    const before = { hash: sha256(file), files: readdirSync(dir).sort() };
    const url = await target();
    const lines: string[] = [];
    const report = await migrateSqliteToPostgres({ from: file, to: url, log: (l) => lines.push(l) });

    expect(report.tables.map((t) => t.table)).toEqual([...STORE_TABLES]);
    for (const t of report.tables) expect(t.rows, t.table).toBeGreaterThan(0);
    expect(report.tables.find((t) => t.table === 'intake_sessions')?.rows).toBe(450);
    expect(report.tables.find((t) => t.table === 'patients')?.rows).toBe(400);
    expect(report.tables.find((t) => t.table === 'measure_responses')?.rows).toBe(900);
    // The copy is a working store at the latest schema: matches flagged, triage by reference decoded, search by phone.
    const pgStore = await PostgresClinicStore.open(url, { chooseCheckInCode: newCheckInCode, poolSize: 2 });
    try {
      expect(await pgStore.schemaVersion()).toBe(PG_LATEST_SCHEMA_VERSION);
      const record = await pgStore.sessionRecord(402);
      expect(record?.session).toMatchObject({ identity_status: 'to-confirm', kiosk_phone: '+34 600 401' });
      expect(record?.patient.phone).toBe('+34 600 001');
      expect(record?.triage.suggestions[0]?.reasons).toEqual([
        { questionId: 'side', text: 'Outer hip pain', weight: 2, side: 'right' },
      ]);
      expect((await pgStore.searchPatients({ name: '600001' })).map((p) => p.id)).toEqual([2]);
      // Handout PDFs beside the file moved into the database; one that was never there is named, not invented.
      expect(report.handoutPdfs).toEqual({ copied: 1, missing: ['h1.pdf'], changed: [] });
      expect((await pgStore.handoutPdf(handout.id))?.file).toEqual({ ok: true, bytes: handout.pdf });
      expect(lines).toContain(`  handout PDF missing beside the file (its record is kept): h1.pdf`);
    } finally {
      await pgStore.close();
    }
    expect(sha256(file)).toBe(before.hash);
    expect(readdirSync(dir).sort()).toEqual(before.files);

    const output = lines.join('\n');
    expect(output).toContain('postgres://stride:(redacted)@127.0.0.1');
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(encodeURIComponent(PASSWORD));

    // The copy serves as a clinic: same queue and search, the audit chain intact, the next ids after the copied ones.
    const lite = new SqliteClinicStore(openDatabase(file, { probe: false }), newCheckInCode);
    const store = await PostgresClinicStore.open(url, { chooseCheckInCode: newCheckInCode, poolSize: 2 });
    cleanups.push(() => store.close());
    expect(await store.listQueue('2026-03-02')).toEqual(await lite.listQueue('2026-03-02'));
    expect((await store.searchPatients({ name: 'angstrom 3' })).map((p) => p.full_name)).toContain('Björn Ångström 3');
    expect(await store.verifyAudit()).toEqual({ ok: true, rows: 453 });
    const next = await store.submitIntake(intakeWrite('New Patient', '2000-01-01'));
    expect(next.sessionId).toBe(451);
    await lite.close();
  });

  it('notices a table that differs after the copy', async () => {
    const { file } = await clinicFile();
    const url = await target();
    await migrateSqliteToPostgres({ from: file, to: url, log: () => undefined });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanups.push(() => client.end());
    await client.query("UPDATE patients SET phone = '555' WHERE id = 7");
    const db = openDatabase(file, { probe: false });
    cleanups.push(() => void db.close());
    expect((await verifyCopy(db, client)).differ).toEqual(['patients']);
  });

  it('refuses a target that already holds data, and changes neither side', async () => {
    const { file } = await clinicFile();
    const url = await target();
    await migrateSqliteToPostgres({ from: file, to: url, log: () => undefined });
    const fileHash = sha256(file);
    await expect(migrateSqliteToPostgres({ from: file, to: url, log: () => undefined })).rejects.toThrow(
      /already holds a clinic's data \(patients: \d+ rows\)/,
    );
    expect(sha256(file)).toBe(fileHash);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    cleanups.push(() => client.end());
    expect((await client.query('SELECT count(*)::int AS n FROM intake_sessions')).rows[0].n).toBe(450);
  });

  it('runs as npm run migrate-to-postgres and never prints the password, even when it fails', async () => {
    const { file } = await clinicFile();
    const url = await target();
    const run = (to: string) =>
      promisify(execFile)('node_modules/.bin/tsx', ['scripts/migrate-to-postgres.ts', '--from', file, '--to', to], {
        encoding: 'utf8',
      }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    const ok = await run(url);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Done: \d+ rows in 17 tables, identical on both sides/);
    const refused = await run(url);
    expect(refused.code).toBe(1);
    const unreachable = await run(url.replace(/:\d+\//, ':1/'));
    expect(unreachable.code).toBe(1);
    expect(unreachable.out).toMatch(/cannot reach the database/);
    for (const r of [ok, refused, unreachable]) {
      expect(r.out).not.toContain(PASSWORD);
      expect(r.out).not.toContain(encodeURIComponent(PASSWORD));
    }
  });
});
