/** Reading the audit log for administrators: newest first, filtered by clinician and date, paged by id. */
import type { Db } from './db';

export interface AuditRow {
  id: number;
  at: string;
  actor_type: 'kiosk' | 'clinician' | 'system';
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: number | null;
  detail_json: string | null;
}

export interface AuditFilter {
  clinicianId?: number | undefined;
  /** Inclusive ISO instants. */
  fromIso?: string | undefined;
  toIso?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export function readAudit(db: Db, f: AuditFilter): AuditRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.clinicianId !== undefined) {
    where.push('a.actor_id = ?');
    args.push(f.clinicianId);
  }
  if (f.fromIso) {
    where.push('a.at >= ?');
    args.push(f.fromIso);
  }
  if (f.toIso) {
    where.push('a.at < ?');
    args.push(f.toIso);
  }
  if (f.beforeId !== undefined) {
    where.push('a.id < ?');
    args.push(f.beforeId);
  }
  args.push(f.limit);
  return db
    .prepare(
      `SELECT a.id, a.at, a.actor_type, a.actor_id, c.name AS actor_name, a.action, a.target_type, a.target_id,
              a.detail_json
         FROM audit_log a LEFT JOIN clinicians c ON c.id = a.actor_id AND a.actor_type = 'clinician'
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.id DESC LIMIT ?`,
    )
    .all(...args) as AuditRow[];
}
