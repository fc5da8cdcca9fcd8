/**
 * Audit rows for reads that reveal patient data (the queue of a day, the audit log, the staff list, a patient search).
 * Screens re-read these often (each new intake reloads the queue; a search runs as the name is typed), so one row is
 * written per clinician, read and subject, then none again for that same read until `windowMs` of quiet has passed.
 */
import type { Clock } from '../core/clock';
import type { Db } from '../store/db';
import { appendAudit } from '../store/audit';

export const READ_AUDIT_WINDOW_MS = 10 * 60_000;

export type ReadAudit = (
  db: Db,
  clinicianId: number,
  action: string,
  subject: string,
  detail?: Record<string, unknown>,
) => boolean;

export function createReadAudit(clock: Clock, windowMs = READ_AUDIT_WINDOW_MS): ReadAudit {
  const last = new Map<string, number>();
  return (db, clinicianId, action, subject, detail) => {
    const now = clock.now();
    const key = `${clinicianId}\u0000${action}\u0000${subject}`;
    const before = last.get(key);
    last.set(key, now.getTime());
    // Still the same burst of reads: the row written at its start stands for all of it.
    if (before !== undefined && now.getTime() - before < windowMs) return false;
    if (last.size > 10_000) last.clear();
    appendAudit(
      db,
      { actorType: 'clinician', actorId: clinicianId, action, ...(detail ? { detail } : {}) },
      now.toISOString(),
    );
    return true;
  };
}
