/**
 * Each content version's reason texts, stored once (migration 013): a session's triage result names its reasons by
 * index into its version's catalogue (core/triage/stored-result.ts). A catalogue only ever grows, so an index once
 * stored keeps meaning the same reason.
 */
import { prepared, type Db } from './db';
import { decodeTriage, isStoredTriage, reasonKey, type CatalogueReason } from '../core/triage/stored-result';
import type { TriageResult } from '../core/triage/engine';

const loaded = new WeakMap<Db, Map<string, CatalogueReason[]>>();

function readCatalogue(db: Db, contentVersion: string): CatalogueReason[] {
  const row = prepared(db, 'SELECT reasons_json FROM reason_catalogues WHERE content_version = ?').get(
    contentVersion,
  ) as { reasons_json: string } | undefined;
  return row ? (JSON.parse(row.reasons_json) as CatalogueReason[]) : [];
}

function cacheOf(db: Db): Map<string, CatalogueReason[]> {
  let cache = loaded.get(db);
  if (!cache) loaded.set(db, (cache = new Map()));
  return cache;
}

/**
 * Makes sure the version's catalogue holds every reason the content can give (appending what an older catalogue,
 * rebuilt from old sessions by the migration, lacks) and returns each reason's index by its key.
 */
export function ensureReasonCatalogue(
  db: Db,
  contentVersion: string,
  reasons: readonly CatalogueReason[],
  nowIso: string,
): Map<string, number> {
  return db.transaction(() => {
    const catalogue = readCatalogue(db, contentVersion);
    const indexOf = new Map(catalogue.map((r, i) => [reasonKey(r), i]));
    const before = catalogue.length;
    for (const r of reasons) {
      const key = reasonKey(r);
      if (indexOf.has(key)) continue;
      indexOf.set(key, catalogue.length);
      catalogue.push(r);
    }
    if (catalogue.length !== before) {
      prepared(
        db,
        `INSERT INTO reason_catalogues (content_version, reasons_json, first_used_at) VALUES (?, ?, ?)
         ON CONFLICT (content_version) DO UPDATE SET reasons_json = excluded.reasons_json`,
      ).run(contentVersion, JSON.stringify(catalogue), nowIso);
    }
    cacheOf(db).set(contentVersion, catalogue);
    return indexOf;
  })();
}

/** What a session's stored triage column says, in full: a legacy row as it was, a stored one through its catalogue. */
export function sessionTriage(
  db: Db,
  row: { triage_json: string; content_version: string; engine_version: string },
): TriageResult {
  const stored: unknown = JSON.parse(row.triage_json);
  if (!isStoredTriage(stored)) return stored as TriageResult;
  const versions = { contentVersion: row.content_version, engineVersion: row.engine_version };
  const cache = cacheOf(db);
  const cached = cache.get(row.content_version);
  if (cached) {
    try {
      return decodeTriage(stored, cached, versions);
    } catch {
      // Grown since it was cached (another connection appended to it): read it again below.
    }
  }
  const catalogue = readCatalogue(db, row.content_version);
  cache.set(row.content_version, catalogue);
  return decodeTriage(stored, catalogue, versions);
}
