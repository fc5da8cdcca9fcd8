import { prepared, type Db } from './db';

export interface AuditEntry {
  actorType: 'kiosk' | 'clinician' | 'system';
  actorId?: number | null;
  action: string;
  targetType?: string;
  targetId?: number;
  /** Never patient names or answers: ids and codes only. */
  detail?: Record<string, unknown>;
}

export function appendAudit(db: Db, entry: AuditEntry, atIso: string): void {
  prepared(
    db,
    `INSERT INTO audit_log (at, actor_type, actor_id, action, target_type, target_id, detail_json)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    atIso,
    entry.actorType,
    entry.actorId ?? null,
    entry.action,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
  );
}
