/** Migration 003 and the handout store: upgrade from every earlier version, append-only records, templates by name. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Db } from '../../src-main/store/db';
import { migrations, LATEST_SCHEMA_VERSION } from '../../src-main/store/migrations/index';
import {
  getHandout,
  insertHandout,
  latestImpression,
  listHandouts,
  listTemplates,
  upsertTemplate,
  type NewHandout,
} from '../../src-main/store/handouts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const file = () => {
  const d = mkdtempSync(join(tmpdir(), 'stride-handouts-store-'));
  dirs.push(d);
  return join(d, 'stride.db');
};

function seed(db: Db): { sessionId: number; clinicianId: number } {
  const at = '2026-11-26T09:00:00.000Z';
  const p = db
    .prepare(
      "INSERT INTO patients (full_name, name_key, date_of_birth, created_at) VALUES ('Zoë Núñez', 'zoe nunez', " +
        "'1990-01-01', ?)",
    )
    .run(at);
  const s = db
    .prepare(
      `INSERT INTO intake_sessions (patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids,
         check_in_code, locale, answers_json, triage_json, content_version, engine_version)
       VALUES (?, ?, '2026-11-26', 'routine', 2, '[]', 'AB12', 'es', '{}', '{}', 'c', 'e')`,
    )
    .run(p.lastInsertRowid, at);
  const c = db
    .prepare(
      "INSERT INTO clinicians (name, role, pin_hash, pin_salt, created_at) VALUES ('Dr A', 'admin', 'h', 's', ?)",
    )
    .run(at);
  return { sessionId: Number(s.lastInsertRowid), clinicianId: Number(c.lastInsertRowid) };
}

const handout = (sessionId: number, authorId: number, n: number): NewHandout => ({
  sessionId,
  patientId: 1,
  authorId,
  createdAt: `2026-11-26T09:0${n}:00.000Z`,
  locale: 'es',
  planJson: JSON.stringify({ exercises: [] }),
  fileName: `handout-${n}.pdf`,
  fileSha256: 'a'.repeat(64),
  fileBytes: 1000,
  libraryVersion: '1 / 1',
  libraryHash: 'abc',
  exerciseCount: 3,
  overrideCount: 0,
});

describe('migration 003', () => {
  it('upgrades a database from every earlier schema version, keeping its rows', () => {
    const earlier = migrations.filter((m) => m.version < 3);
    for (let i = 0; i <= earlier.length; i++) {
      const path = file();
      const old = openDatabase(path, { migrations: earlier.slice(0, i) });
      const seeded = i > 0 ? seed(old) : null;
      old.close();
      const db = openDatabase(path);
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['handouts', 'handout_templates']));
      if (seeded) expect((db.prepare('SELECT count(*) AS n FROM intake_sessions').get() as { n: number }).n).toBe(1);
      db.close();
    }
  });

  it('keeps handout records append-only and refuses a record for a session that does not exist', () => {
    const db = openDatabase(file());
    const { sessionId, clinicianId } = seed(db);
    const id = insertHandout(db, handout(sessionId, clinicianId, 1));
    insertHandout(db, handout(sessionId, clinicianId, 2));
    expect(listHandouts(db, sessionId).map((h) => h.file_name)).toEqual(['handout-2.pdf', 'handout-1.pdf']);
    expect(getHandout(db, id)?.author_name).toBe('Dr A');
    expect(() => db.prepare('UPDATE handouts SET file_sha256 = ? WHERE id = ?').run('b'.repeat(64), id)).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM handouts WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(() => insertHandout(db, { ...handout(999, clinicianId, 3) })).toThrow(/FOREIGN KEY/);
    expect(() => insertHandout(db, { ...handout(sessionId, clinicianId, 4), fileSha256: 'short' })).toThrow(/CHECK/);
    db.close();
  });

  it('saves templates by name (case and spaces do not make a second one)', () => {
    const db = openDatabase(file());
    const { clinicianId } = seed(db);
    const a = upsertTemplate(db, {
      name: 'Lateral hip',
      planJson: '{"exercises":[]}',
      authorId: clinicianId,
      at: '2026-11-26T09:00:00Z',
    });
    const b = upsertTemplate(db, {
      name: '  LATERAL HIP ',
      planJson: '{"exercises":[1]}',
      authorId: clinicianId,
      at: '2026-11-26T10:00:00Z',
    });
    expect(b).toEqual({ id: a.id, replaced: true });
    const all = listTemplates(db);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      name: 'LATERAL HIP',
      plan_json: '{"exercises":[1]}',
      updated_at: '2026-11-26T10:00:00Z',
    });
    db.close();
  });

  it('reads the latest assessment impression when the clinician area is there', () => {
    const db = openDatabase(file());
    const { sessionId, clinicianId } = seed(db);
    expect(latestImpression(db, sessionId)).toBeNull();
    const note = (impression: string[]) => JSON.stringify({ impression });
    const v1 = db
      .prepare(
        'INSERT INTO assessments (session_id, patient_id, version, previous_id, author_id, created_at, note_json) ' +
          'VALUES (?, 1, 1, NULL, ?, ?, ?)',
      )
      .run(sessionId, clinicianId, '2026-11-26T09:10:00Z', note(['gtps']));
    db.prepare(
      'INSERT INTO assessments (session_id, patient_id, version, previous_id, author_id, created_at, note_json) ' +
        'VALUES (?, 1, 2, ?, ?, ?, ?)',
    ).run(sessionId, v1.lastInsertRowid, clinicianId, '2026-11-26T09:20:00Z', note(['fai', 'labral-tear']));
    expect(latestImpression(db, sessionId)).toEqual(['fai', 'labral-tear']);
    db.close();
  });
});
