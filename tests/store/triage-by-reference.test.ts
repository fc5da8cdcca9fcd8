/**
 * Migration 013 and after: a session stores which reasons fired, by index into its content version's reason
 * catalogue, and every session, converted or new, still shows the clinician exactly the triage result and answers it
 * had.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/store/db';
import { migrations } from '../../src-main/store/migrations/index';
import { loadContent } from '../../src-main/core/content/load';
import type { Content } from '../../src-main/core/content/schema';
import { triage } from '../../src-main/core/triage/engine';
import { contentReasons, decodeTriage, encodeTriage, reasonKey } from '../../src-main/core/triage/stored-result';
import { urgencyOrder } from '../../src-main/core/vocabulary';
import { loadVignettes, makeTestCore, repoRoot, submissionFor } from '../support/core';

const content = loadContent(join(repoRoot, 'resources', 'content'));
const vignettes = loadVignettes();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-triage-ref-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An earlier content version: other reason texts and weights, as a clinic that edited its content had. */
function olderContent(): Content {
  const older = structuredClone(content);
  older.version = 'older-version';
  for (const c of older.conditions) for (const e of c.evidence) e.reason = `Earlier wording: ${e.reason}`;
  for (const f of older.redFlags) for (const t of f.triggers) t.reason = `Earlier wording: ${t.reason}`;
  return older;
}

/** A session as Stride wrote it up to schema 10: the whole triage result as JSON. */
function insertOldSession(db: Db, id: number, answers: Record<string, unknown>, triageJson: string, version: string) {
  const result = JSON.parse(triageJson) as { urgency?: 'routine'; redFlags?: { id: string }[] };
  db.prepare(
    `INSERT INTO intake_sessions (id, patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids,
       pain_now, top_suggestion, check_in_code, locale, answers_json, triage_json, questionnaire_json, content_version,
       engine_version)
     VALUES (?, ?, ?, '2026-06-01', ?, ?, ?, NULL, NULL, ?, 'en', ?, ?, NULL, ?, '1.0.0')`,
  ).run(
    id,
    id,
    `2026-06-01T09:${String(id % 60).padStart(2, '0')}:00.000Z`,
    result.urgency ?? 'routine',
    urgencyOrder(result.urgency ?? 'routine'),
    JSON.stringify((result.redFlags ?? []).map((f) => f.id)),
    `C${String(id).padStart(3, '0')}`,
    JSON.stringify(answers),
    triageJson,
    version,
  );
}

describe('triage results stored by reference', () => {
  it('a result decodes from its catalogue to exactly what the engine gave, for every vignette', () => {
    const catalogue = contentReasons(content);
    const indexOf = new Map(catalogue.map((r, i) => [reasonKey(r), i]));
    for (const v of vignettes) {
      const result = triage(content, v.answers);
      const stored = encodeTriage(result, indexOf);
      expect(stored, v.id).not.toBeNull();
      const back = decodeTriage(stored!, catalogue, { contentVersion: content.version, engineVersion: '1.0.0' });
      expect(JSON.stringify(back), v.id).toBe(JSON.stringify(result));
      expect(JSON.stringify(stored).length, v.id).toBeLessThan(JSON.stringify(result).length / 3 + 50);
    }
    // A reason the catalogue lacks is never guessed: the caller keeps the whole result.
    const withFlag = vignettes.map((v) => triage(content, v.answers)).find((r) => r.suggestions.length > 0)!;
    expect(encodeTriage(withFlag, new Map())).toBeNull();
  });

  it('the migration converts old sessions, and each still opens with the same triage and answers', async () => {
    const dataDir = join(dir, 'core');
    mkdirSync(dataDir);
    const old = openDatabase(join(dataDir, 'stride.db'), { migrations: migrations.filter((m) => m.version <= 10) });
    const older = olderContent();
    const before = new Map<number, { answers: unknown; triage: unknown }>();
    let id = 0;
    for (const [version, c] of [
      [content.version, content],
      ['older-version', older],
    ] as const) {
      for (const v of vignettes) {
        id++;
        old
          .prepare(
            `INSERT INTO patients (id, full_name, name_key, date_of_birth, created_at)
             VALUES (?, ?, ?, '1980-01-01', '2026-06-01T09:00:00.000Z')`,
          )
          .run(id, `Old Patient ${id}`, `old patient ${id}`);
        const triageJson = JSON.stringify(triage(c, v.answers));
        insertOldSession(old, id, v.answers, triageJson, version);
        before.set(id, { answers: v.answers, triage: JSON.parse(triageJson) });
      }
    }
    // A row of a shape the converter does not know stays as it was.
    old
      .prepare(
        `INSERT INTO patients (id, full_name, name_key, date_of_birth, created_at)
         VALUES (?, 'Odd Row', 'odd row', '1980-01-01', '2026-06-01T09:00:00.000Z')`,
      )
      .run(++id);
    insertOldSession(old, id, {}, '{"note":"hand-made"}', content.version);
    const oldBytes = (old.prepare('SELECT sum(length(triage_json)) AS n FROM intake_sessions').get() as { n: number })
      .n;
    old.close();

    const t = await makeTestCore({ dataDir });
    try {
      const db = t.core.db;
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(11);
      const converted = db
        .prepare("SELECT count(*) AS n FROM intake_sessions WHERE json_extract(triage_json, '$.f') = 1")
        .get() as { n: number };
      expect(converted.n).toBe(before.size);
      const newBytes = (db.prepare('SELECT sum(length(triage_json)) AS n FROM intake_sessions').get() as { n: number })
        .n;
      expect(newBytes).toBeLessThan(oldBytes / 4);
      expect(
        (db.prepare('SELECT triage_json FROM intake_sessions WHERE id = ?').get(id) as { triage_json: string })
          .triage_json,
      ).toBe('{"note":"hand-made"}');

      await t.call(t.staff, 'staff.setup', { name: 'Ada Admin', pin: '246813' });
      for (const [sessionId, was] of before) {
        const opened = await t.call(t.staff, 'session.open', { sessionId });
        if (!opened.ok) throw new Error(opened.error.message);
        const detail = opened.value as { triage: unknown; answers: unknown };
        expect(detail.triage, `session ${sessionId}`).toEqual(was.triage);
        expect(detail.answers, `session ${sessionId}`).toEqual(was.answers);
      }

      // The running content completes its version's catalogue; a new session on it reads back as the engine gave it.
      const v = vignettes.find((x) => x.expectRedFlags.length > 0)!;
      const submitted = await t.call(t.kiosk, 'intake.submit', submissionFor(v, '2026-11-26', 'New Patient'));
      expect(submitted.ok).toBe(true);
      const row = db.prepare('SELECT id, answers_json FROM intake_sessions ORDER BY id DESC LIMIT 1').get() as {
        id: number;
        answers_json: string;
      };
      const opened = await t.call(t.staff, 'session.open', { sessionId: row.id });
      if (!opened.ok) throw new Error(opened.error.message);
      expect((opened.value as { triage: unknown }).triage).toEqual(triage(content, JSON.parse(row.answers_json)));
    } finally {
      t.dispose();
    }
  });
});
