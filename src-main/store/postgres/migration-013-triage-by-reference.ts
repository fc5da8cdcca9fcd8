/**
 * PostgreSQL twin of SQLite migration 013: reason texts once per content version (reason_catalogues), sessions naming
 * their reasons by index. Old sessions are converted exactly as on SQLite (the same convertTriageRow: a row is
 * changed only when it decodes back to its old JSON byte for byte), a page at a time inside the migration's
 * transaction. sessions_queue stays: on PostgreSQL it is the covering index SQLite's sessions_queue_covering is.
 */
import type pg from 'pg';
import { convertTriageRow, type TriageRow, type VersionCatalogue } from '../migrations/013-triage-by-reference';

const BATCH = 2_000;

export async function migrate013(client: pg.PoolClient): Promise<void> {
  await client.query(`
    CREATE TABLE reason_catalogues (
      content_version  text PRIMARY KEY,
      reasons_json     text NOT NULL CHECK (reasons_json::jsonb IS NOT NULL),
      first_used_at    text NOT NULL
    );
    DROP INDEX audit_by_actor;
    CREATE INDEX audit_by_actor ON audit_log (actor_id, at) WHERE actor_id IS NOT NULL;
  `);
  const catalogues = new Map<string, VersionCatalogue>();
  let after = 0;
  for (;;) {
    const page = await client.query<TriageRow>(
      `SELECT id, triage_json, content_version, engine_version, submitted_at FROM intake_sessions
        WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
      [after],
    );
    if (page.rows.length === 0) break;
    const ids: number[] = [];
    const texts: string[] = [];
    for (const row of page.rows) {
      let catalogue = catalogues.get(row.content_version);
      if (!catalogue) {
        catalogue = { reasons: [], indexOf: new Map(), firstUsedAt: row.submitted_at };
        catalogues.set(row.content_version, catalogue);
      }
      if (row.submitted_at < catalogue.firstUsedAt) catalogue.firstUsedAt = row.submitted_at;
      const stored = convertTriageRow(row, catalogue);
      if (stored) {
        ids.push(row.id);
        texts.push(JSON.stringify(stored));
      }
    }
    if (ids.length > 0) {
      await client.query(
        `UPDATE intake_sessions s SET triage_json = u.triage_json
           FROM unnest($1::integer[], $2::text[]) AS u (id, triage_json) WHERE s.id = u.id`,
        [ids, texts],
      );
    }
    after = page.rows.at(-1)!.id;
  }
  for (const [version, c] of catalogues) {
    if (c.reasons.length === 0) continue;
    await client.query(
      'INSERT INTO reason_catalogues (content_version, reasons_json, first_used_at) VALUES ($1, $2, $3)',
      [version, JSON.stringify(c.reasons), c.firstUsedAt],
    );
  }
}
