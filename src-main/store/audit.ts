import { prepared, type Db } from './db';
import { auditRowHash, GENESIS_HASH } from './audit-chain';

export interface AuditEntry {
  actorType: 'kiosk' | 'clinician' | 'system';
  actorId?: number | null;
  action: string;
  targetType?: string;
  targetId?: number;
  /** Never patient names or answers: ids and codes only. */
  detail?: Record<string, unknown>;
}

/**
 * Appends one row chained to the last (audit-chain.ts). The id is chosen here so it can be part of the hash; rows are
 * never deleted (trigger), so the next id is the last one plus one, and one connection writes at a time.
 */
export function appendAudit(db: Db, entry: AuditEntry, atIso: string): void {
  const last = prepared(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string | null } | undefined;
  const row = {
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
  prepared(
    db,
    `INSERT INTO audit_log (id, at, actor_type, actor_id, action, target_type, target_id, detail_json, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.id,
    row.at,
    row.actor_type,
    row.actor_id,
    row.action,
    row.target_type,
    row.target_id,
    row.detail_json,
    prev,
    auditRowHash(prev, row),
  );
}
