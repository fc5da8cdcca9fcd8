/**
 * Migration 007 and after: a questionnaire is stored once per content version, and every session, old or new, still
 * reads exactly the questionnaire it was answered against.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/store/db';
import { migrations } from '../../src-main/store/migrations/index';
import { getSession } from '../../src-main/store/sessions';
import { makeTestCore } from '../support/core';
import { routineIntake } from '../support/clinician';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-qv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const AT = '2026-11-26T09:00:00.000Z';
const Q_A = JSON.stringify({ version: 'a', sections: [{ id: 'about', questions: [] }] });
const Q_A_OTHER = JSON.stringify({ version: 'a', sections: [{ id: 'odd', questions: [] }] });
const Q_B = JSON.stringify({ version: 'b', sections: [{ id: 'pain', questions: [] }] });

function insertSession(db: Db, id: number, contentVersion: string, questionnaire: string | null, at: string): void {
  db.prepare(
    `INSERT INTO intake_sessions (id, patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids,
       pain_now, top_suggestion, check_in_code, locale, answers_json, triage_json, questionnaire_json, content_version,
       engine_version)
     VALUES (?, 1, ?, '2026-11-26', 'routine', 2, '[]', 4, NULL, ?, 'en', '{}', '{}', ?, ?, 'e1')`,
  ).run(id, at, `C${String(id).padStart(3, '7')}`, questionnaire, contentVersion);
}

describe('questionnaires stored once per content version', () => {
  it('the migration moves each version to one row, and every old session reads what it had', () => {
    const file = join(dir, 'v6.db');
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 6) });
    old
      .prepare(
        "INSERT INTO patients (full_name, name_key, date_of_birth, created_at) VALUES ('A', 'a', '1990-01-01', ?)",
      )
      .run(AT);
    insertSession(old, 1, 'va', Q_A, '2026-01-01T10:00:00Z');
    insertSession(old, 2, 'va', Q_A, '2026-01-02T10:00:00Z');
    insertSession(old, 3, 'vb', Q_B, '2026-02-01T10:00:00Z');
    // The same version with another copy: must not be replaced by the first one.
    insertSession(old, 4, 'va', Q_A_OTHER, '2026-01-03T10:00:00Z');
    // From before questionnaires were stored, in a version with no copy anywhere.
    insertSession(old, 5, 'v0', null, '2025-12-01T10:00:00Z');
    const before = [1, 2, 3, 4, 5].map((id) => getSessionRaw(old, id));
    old.close();

    const db = openDatabase(file);
    expect([1, 2, 3, 4, 5].map((id) => getSession(db, id)?.questionnaire_json ?? null)).toEqual(before);
    const versions = db
      .prepare('SELECT content_version, questionnaire_json, first_used_at FROM questionnaire_versions ORDER BY 1')
      .all();
    expect(versions).toEqual([
      { content_version: 'va', questionnaire_json: Q_A, first_used_at: '2026-01-01T10:00:00Z' },
      { content_version: 'vb', questionnaire_json: Q_B, first_used_at: '2026-02-01T10:00:00Z' },
    ]);
    const inline = db.prepare('SELECT id FROM intake_sessions WHERE questionnaire_json IS NOT NULL').all();
    expect(inline).toEqual([{ id: 4 }]);
    db.close();
  });

  it('a new session stores no copy of its own, and the clinician and the record export still see it', async () => {
    const t = await makeTestCore({ dataDir: join(dir, 'core') });
    try {
      const staff = t.staff;
      await t.call(staff, 'staff.setup', { name: 'Ada Admin', pin: '246813' });
      const submitted = await t.call(t.kiosk, 'intake.submit', routineIntake);
      expect(submitted.ok).toBe(true);
      const row = t.core.db
        .prepare('SELECT length(questionnaire_json) AS inline, content_version FROM intake_sessions')
        .get() as { inline: number | null; content_version: string };
      expect(row.inline).toBeNull();
      const form = await t.call(t.kiosk, 'intake.form', {});
      if (!form.ok) throw new Error(form.error.message);
      const questionnaire = (form.value as { questionnaire: unknown }).questionnaire;

      const detail = await t.call(staff, 'session.open', { sessionId: 1 });
      expect(detail).toMatchObject({ ok: true, value: { questionnaire } });
      const record = await t.call(staff, 'records.export', { patientId: 1 });
      expect(record).toMatchObject({ ok: true, value: { bundle: { sessions: [{ questionnaire }] } } });
    } finally {
      t.dispose();
    }
  });
});

function getSessionRaw(db: Db, id: number): string | null {
  return (
    db.prepare('SELECT questionnaire_json FROM intake_sessions WHERE id = ?').get(id) as {
      questionnaire_json: string | null;
    }
  ).questionnaire_json;
}
