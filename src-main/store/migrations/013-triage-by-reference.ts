import type { Migration } from './index';
import {
  decodeTriage,
  encodeTriage,
  reasonKey,
  type CatalogueReason,
  type StoredTriage,
} from '../../core/triage/stored-result';
import type { Reason, TriageResult } from '../../core/triage/engine';

const BATCH = 2_000;

/** A session's triage columns, as both engines' migration 013 read them. */
export interface TriageRow {
  id: number;
  triage_json: string;
  content_version: string;
  engine_version: string;
  submitted_at: string;
}

export interface VersionCatalogue {
  reasons: CatalogueReason[];
  indexOf: Map<string, number>;
  firstUsedAt: string;
}

/** Every reason of a result, in the order it shows them. */
function reasonsOf(t: TriageResult): Reason[] {
  return [
    ...t.suggestions.flatMap((s) => [...s.reasons, ...s.against]),
    ...t.riskFactors.flatMap((k) => k.reasons),
    ...t.redFlags.flatMap((f) => f.reasons),
  ];
}

/**
 * The stored form of an old result, adding its reasons to the version's catalogue; null unless it decodes to the old
 * JSON byte for byte (a row of another shape, or one whose versions disagree with its columns, stays as it was).
 * Shared with the PostgreSQL twin (store/postgres/migration-013-triage-by-reference.ts).
 */
export function convertTriageRow(row: TriageRow, catalogue: VersionCatalogue): StoredTriage | null {
  try {
    const old = JSON.parse(row.triage_json) as TriageResult;
    for (const r of reasonsOf(old)) {
      const entry: CatalogueReason = [r.questionId, r.text, r.weight ?? null];
      const key = reasonKey(entry);
      if (catalogue.indexOf.has(key)) continue;
      catalogue.indexOf.set(key, catalogue.reasons.length);
      catalogue.reasons.push(entry);
    }
    const stored = encodeTriage(old, catalogue.indexOf);
    if (!stored) return null;
    const back = decodeTriage(stored, catalogue.reasons, {
      contentVersion: row.content_version,
      engineVersion: row.engine_version,
    });
    return JSON.stringify(back) === row.triage_json ? stored : null;
  } catch {
    return null;
  }
}

/**
 * Each session stored its whole triage result, about 1.5 KB and mostly reason texts that are the same for every
 * session of a content version. Now the texts are stored once per version (reason_catalogues) and a session names its
 * reasons by index (core/triage/stored-result.ts). The catalogue of an old version is rebuilt here from its
 * sessions' own results; the running content adds the rest of its reasons at start (store/reason-catalogues.ts).
 * Also two indexes every intake paid for: sessions_queue goes (sessions_queue_covering starts with the same three
 * columns and serves every query it did), and audit_by_actor leaves out rows with no actor (kiosk and system rows; it
 * serves only `actor_id = ?`).
 */
export const m013TriageByReference: Migration = {
  version: 13,
  name: 'triage results by reference to a reason catalogue per content version',
  up(db) {
    db.exec(`
      CREATE TABLE reason_catalogues (
        content_version  TEXT PRIMARY KEY,
        reasons_json     TEXT NOT NULL CHECK (json_valid(reasons_json)),
        first_used_at    TEXT NOT NULL
      ) WITHOUT ROWID;
      DROP INDEX sessions_queue;
      DROP INDEX audit_by_actor;
      CREATE INDEX audit_by_actor ON audit_log (actor_id, at) WHERE actor_id IS NOT NULL;
    `);
    const page = db.prepare(
      `SELECT id, triage_json, content_version, engine_version, submitted_at FROM intake_sessions
        WHERE id > ? ORDER BY id LIMIT ${BATCH}`,
    );
    const set = db.prepare('UPDATE intake_sessions SET triage_json = ? WHERE id = ?');
    const catalogues = new Map<string, VersionCatalogue>();
    let after = 0;
    for (;;) {
      const rows = page.all(after) as TriageRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        let catalogue = catalogues.get(row.content_version);
        if (!catalogue) {
          catalogue = { reasons: [], indexOf: new Map(), firstUsedAt: row.submitted_at };
          catalogues.set(row.content_version, catalogue);
        }
        if (row.submitted_at < catalogue.firstUsedAt) catalogue.firstUsedAt = row.submitted_at;
        const stored = convertTriageRow(row, catalogue);
        if (stored) set.run(JSON.stringify(stored), row.id);
      }
      after = rows[rows.length - 1]!.id;
    }
    const insert = db.prepare(
      'INSERT INTO reason_catalogues (content_version, reasons_json, first_used_at) VALUES (?, ?, ?)',
    );
    for (const [version, c] of catalogues) {
      if (c.reasons.length > 0) insert.run(version, JSON.stringify(c.reasons), c.firstUsedAt);
    }
  },
};
