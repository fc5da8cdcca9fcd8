/**
 * The audit log's hash chain: each row carries the SHA-256 of its own fields and of the row before it, so an edited,
 * deleted or reordered row breaks every link after it. It is tamper-evident, not tamper-proof: someone who can write
 * the file can rewrite the whole chain, which the triggers and file permissions make a deliberate act, not an accident.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db';

/** The `prev_hash` of the very first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  id: number;
  at: string;
  actor_type: string;
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: number | null;
  detail_json: string | null;
}

export function auditRowHash(prevHash: string, r: ChainedFields): string {
  const fields = [r.id, r.at, r.actor_type, r.actor_id, r.action, r.target_type, r.target_id, r.detail_json, prevHash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** What an append says; the row's id, time and hashes come from the chain. */
export interface AuditEntry {
  actorType: 'kiosk' | 'clinician' | 'system';
  actorId?: number | null;
  action: string;
  targetType?: string;
  targetId?: number;
  /** Never patient names or answers: ids and codes only. */
  detail?: Record<string, unknown>;
}

/** The columns of an audit row in the order `auditRowValues` gives them (both engines insert with these). */
export const AUDIT_COLUMNS =
  'id, at, actor_type, actor_id, action, target_type, target_id, detail_json, prev_hash, hash';

export type ChainedAuditRow = ChainedFields & { prev_hash: string; hash: string };

/** The row that follows `last` in the chain (none: the first row of the log). */
export function nextAuditRow(
  last: { id: number; hash: string | null } | undefined,
  entry: AuditEntry,
  atIso: string,
): ChainedAuditRow {
  const row: ChainedFields = {
    id: (last?.id ?? 0) + 1,
    at: atIso,
    actor_type: entry.actorType,
    actor_id: entry.actorId ?? null,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null,
    detail_json: entry.detail ? JSON.stringify(entry.detail) : null,
  };
  const prev = last ? (last.hash ?? GENESIS_HASH) : GENESIS_HASH;
  return { ...row, prev_hash: prev, hash: auditRowHash(prev, row) };
}

export function auditRowValues(r: ChainedAuditRow): (string | number | null)[] {
  return [
    r.id,
    r.at,
    r.actor_type,
    r.actor_id,
    r.action,
    r.target_type,
    r.target_id,
    r.detail_json,
    r.prev_hash,
    r.hash,
  ];
}

export type ChainReport =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenAtId: number; reason: 'edited' | 'missing-before' | 'unchained' };

/** A row as stored: its fields and its two links. */
export type StoredAuditRow = ChainedFields & { prev_hash: string | null; hash: string | null };

/**
 * Checks rows handed to it in id order, one at a time, so either engine can feed it (SQLite from an iterator,
 * PostgreSQL page by page). `step` returns the report at the first broken link, else null.
 */
export class AuditChainWalker {
  private prev = GENESIS_HASH;
  private rows = 0;

  step(row: StoredAuditRow): ChainReport | null {
    this.rows++;
    const rows = this.rows;
    if (row.hash === null || row.prev_hash === null)
      return { ok: false, rows, brokenAtId: row.id, reason: 'unchained' };
    // A row whose link points elsewhere: the row before it was removed or replaced.
    if (row.prev_hash !== this.prev) return { ok: false, rows, brokenAtId: row.id, reason: 'missing-before' };
    if (auditRowHash(this.prev, row) !== row.hash) return { ok: false, rows, brokenAtId: row.id, reason: 'edited' };
    this.prev = row.hash;
    return null;
  }

  intact(): ChainReport {
    return { ok: true, rows: this.rows };
  }
}

/** Walks the whole log in id order and names the first row whose link does not hold. */
export function verifyAuditChain(db: Db): ChainReport {
  const walker = new AuditChainWalker();
  const iter = db
    .prepare(
      `SELECT id, at, actor_type, actor_id, action, target_type, target_id, detail_json, prev_hash, hash
         FROM audit_log ORDER BY id`,
    )
    .iterate() as IterableIterator<StoredAuditRow>;
  for (const row of iter) {
    const broken = walker.step(row);
    if (broken) return broken;
  }
  return walker.intact();
}

/** The report in one sentence, for the admin screen and `npm run audit:verify`. */
export function describeChain(r: ChainReport): string {
  if (r.ok) return `The audit log is intact: all ${r.rows} entries are linked in order.`;
  const why = {
    edited: 'was changed after it was written',
    'missing-before': 'does not follow the entry before it (an entry was removed or replaced)',
    unchained: 'carries no link at all (written outside Stride)',
  }[r.reason];
  return `The audit log is broken at entry ${r.brokenAtId}: it ${why}. Entries before it are intact.`;
}
