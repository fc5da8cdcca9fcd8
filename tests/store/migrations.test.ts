/**
 * Migrations: a database at every earlier schema version, holding data, is brought up to date and keeps that data;
 * an empty one is built; reopening changes nothing; a newer one is refused untouched.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, SchemaTooNewError, type Db } from '../../src-main/store/db';
import { LATEST_SCHEMA_VERSION, migrations } from '../../src-main/store/migrations/index';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const AT = '2026-11-26T09:00:00.000Z';

/** Data a clinic would have at each version, keyed by the migration that created its tables. */
const seeds: Record<number, (db: Db) => void> = {
  1: (db) => {
    db.prepare(
      `INSERT INTO patients (full_name, name_key, date_of_birth, phone, created_at)
       VALUES ('Zoë Núñez', 'zoe nunez', '1990-04-12', '+44 1', ?)`,
    ).run(AT);
    db.prepare(
      "INSERT INTO clinicians (name, role, pin_hash, pin_salt, created_at) VALUES ('Ada Admin', 'admin', 'h', 's', ?)",
    ).run(AT);
    db.prepare(
      `INSERT INTO intake_sessions (patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids, pain_now,
         top_suggestion, check_in_code, locale, answers_json, triage_json, questionnaire_json, content_version,
         engine_version)
       VALUES (1, ?, '2026-11-26', 'routine', 2, '[]', 4, 'gtps', 'AB34', 'en', '{"pain_now":4}',
         '{"urgency":"routine"}', NULL, 'c1', 'e1')`,
    ).run(AT);
    db.prepare(
      "INSERT INTO audit_log (at, actor_type, action, target_type, target_id) VALUES (?, 'kiosk', 'intake.submit', " +
        "'session', 1)",
    ).run(AT);
    db.prepare(`INSERT INTO settings (key, value_json) VALUES ('app', '{"clinicName":"Old Clinic"}')`).run();
  },
  2: (db) => {
    db.prepare(
      'INSERT INTO assessments (session_id, patient_id, version, previous_id, author_id, created_at, note_json) ' +
        'VALUES (1, 1, 1, NULL, 1, ?, \'{"text":"ok"}\')',
    ).run(AT);
  },
  3: (db) => {
    db.prepare(
      `INSERT INTO handouts (session_id, patient_id, author_id, created_at, locale, plan_json, file_name, file_sha256,
         file_bytes, library_version, library_hash, exercise_count)
       VALUES (1, 1, 1, ?, 'en', '{}', 'h1.pdf', ?, 100, 'v1', 'x', 3)`,
    ).run(AT, 'a'.repeat(64));
  },
  4: (db) => {
    db.prepare(
      "INSERT INTO devices (name, role, credential_hash, created_at, created_by) VALUES ('Waiting room tablet', " +
        "'kiosk', ?, ?, 1)",
    ).run('c'.repeat(64), AT);
    db.prepare(
      'INSERT INTO pairing_codes (code_hash, role, name, created_at, expires_at, created_by, used_at, device_id) ' +
        "VALUES (?, 'kiosk', 'Waiting room tablet', ?, ?, 1, ?, 1)",
    ).run('d'.repeat(64), AT, AT, AT);
  },
  5: (db) => {
    db.prepare(
      'INSERT INTO submissions (submission_id, session_id, payload_sha256, received_at) VALUES (?, 1, ?, ?)',
    ).run('0f8e2b9c-5a3d-4e71-9b1a-2c3d4e5f6a7b', 'e'.repeat(64), AT);
  },
  6: (db) => {
    db.prepare('UPDATE devices SET failed_pin_attempts = 3, pin_locked_until = ? WHERE id = 1').run(AT);
  },
  7: (db) => {
    db.prepare(
      "INSERT INTO questionnaire_versions (content_version, questionnaire_json, first_used_at) VALUES ('c9', '{}', ?)",
    ).run(AT);
  },
  9: (db) => {
    db.prepare(
      'INSERT INTO assessments (session_id, patient_id, version, previous_id, author_id, created_at, note_json, ' +
        `amend_reason) VALUES (1, 1, 2, 1, 1, ?, '{"text":"better"}', 'Right side, not left')`,
    ).run(AT);
  },
  11: (db) => {
    db.prepare(`INSERT INTO measure_responses (session_id, measure, items_json, total) VALUES (1, 'psfs', ?, 4.5)`).run(
      '[{"activity":"Stairs","rating":4},{"activity":"Running","rating":5}]',
    );
    // Two people may share a name and a birth date now: the identity index is no longer unique.
    db.prepare(
      `INSERT INTO patients (full_name, name_key, date_of_birth, phone, created_at)
       VALUES ('Zoë Núñez', 'zoe nunez', '1990-04-12', NULL, ?)`,
    ).run(AT);
    db.prepare("UPDATE intake_sessions SET visit_kind = 'return', identity_status = 'to-confirm' WHERE id = 1").run();
  },
};

/**
 * Tables holding data, not FTS5 indexes or their shadow tables (`<index>_data`, `_docsize`, ...): an index's bytes are
 * derived and may be rebuilt by a migration (014); what searches find is tested with the migration that changes it.
 */
function userTables(db: Db): string[] {
  const all = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string; sql: string }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
  return all.map((t) => t.name).filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
}
function rows(db: Db, table: string, columns?: string[]): unknown[] {
  const cols = columns ? columns.map((c) => `"${c}"`).join(', ') : '*';
  return db.prepare(`SELECT ${cols} FROM "${table}" ORDER BY 1`).all();
}
function columnsOf(db: Db, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);
}
const schemaSql = (db: Db) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all();
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('migrations', () => {
  it('are numbered upward without repeats, each with a name', () => {
    const versions = migrations.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
    for (const m of migrations) expect(m.name.length).toBeGreaterThan(3);
    expect(LATEST_SCHEMA_VERSION).toBe(Math.max(...versions));
  });

  it('build the latest schema from an empty file, with foreign keys intact', () => {
    const db = openDatabase(join(dir, 'empty.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(userTables(db)).toEqual(
      expect.arrayContaining(['patients', 'intake_sessions', 'clinicians', 'audit_log', 'settings']),
    );
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  // One case per earlier version: 1 .. latest-1 (a database at the latest version has nothing to migrate).
  const earlier = migrations.slice(0, -1).map((_, i) => i + 1);
  it.each(earlier)('a database with data at version after migration #%i is migrated and keeps its data', (k) => {
    const file = join(dir, `v${k}.db`);
    const applied = migrations.slice(0, k);
    const old = openDatabase(file, { migrations: applied });
    for (const m of applied) seeds[m.version]?.(old);
    const before = Object.fromEntries(
      userTables(old).map((t) => [t, { columns: columnsOf(old, t), rows: rows(old, t) }]),
    );
    expect(old.pragma('user_version', { simple: true })).toBe(applied[applied.length - 1]!.version);
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    for (const [table, { columns, rows: oldRows }] of Object.entries(before)) {
      expect(rows(db, table, columns), table).toEqual(oldRows);
    }
    expect((oldRows(before, 'intake_sessions') ?? []).length).toBeGreaterThan(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Data added by later migrations can be written on top.
    for (const m of migrations.slice(k)) seeds[m.version]?.(db);
    db.close();
  });

  it('reopening an up-to-date database changes nothing', () => {
    const file = join(dir, 'again.db');
    const a = openDatabase(file);
    seeds[1]!(a);
    const schema = schemaSql(a);
    const data = rows(a, 'intake_sessions');
    a.close();
    const b = openDatabase(file);
    expect(b.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(schemaSql(b)).toEqual(schema);
    expect(rows(b, 'intake_sessions')).toEqual(data);
    b.close();
  });

  it('a database from a newer Stride is refused and left byte-for-byte unchanged', () => {
    const file = join(dir, 'newer.db');
    const db = openDatabase(file);
    seeds[1]!(db);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const hash = sha(file);
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(sha(file)).toBe(hash);
  });
});

function oldRows(before: Record<string, { rows: unknown[] }>, table: string): unknown[] | undefined {
  return before[table]?.rows;
}
