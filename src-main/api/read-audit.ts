/**
 * Audit rows for reads that reveal patient data (the queue of a day, the audit log, the staff list, a patient search).
 * Screens re-read these often (each new intake reloads the queue; a search runs as the name is typed), so one row is
 * written per clinician, read and subject, then none again for that same read until `windowMs` of quiet has passed.
 */
import type { Clock } from '../core/clock';
import type { Db } from '../store/db';
import type { ClinicStore } from '../store/clinic-store';
import { appendAudit, type AuditEntry } from '../store/audit';

export const READ_AUDIT_WINDOW_MS = 10 * 60_000;

export type ReadAudit = (
  db: Db,
  clinicianId: number,
  action: string,
  subject: string,
  detail?: Record<string, unknown>,
) => boolean;

/** As ReadAudit, through the store (either engine); resolves once the row, if one was due, is written. */
export type StoreReadAudit = (
  store: Pick<ClinicStore, 'appendAudit'>,
  clinicianId: number,
  action: string,
  subject: string,
  detail?: Record<string, unknown>,
) => Promise<boolean>;

/** The row due for this read, or null while the same burst of reads goes on. */
function burstWindow(clock: Clock, windowMs: number) {
  const last = new Map<string, number>();
  return (
    clinicianId: number,
    action: string,
    subject: string,
    detail?: Record<string, unknown>,
  ): { entry: AuditEntry; atIso: string } | null => {
    const now = clock.now();
    const key = `${clinicianId}\u0000${action}\u0000${subject}`;
    const before = last.get(key);
    last.set(key, now.getTime());
    // Still the same burst of reads: the row written at its start stands for all of it.
    if (before !== undefined && now.getTime() - before < windowMs) return null;
    if (last.size > 10_000) last.clear();
    return {
      entry: { actorType: 'clinician', actorId: clinicianId, action, ...(detail ? { detail } : {}) },
      atIso: now.toISOString(),
    };
  };
}

export function createReadAudit(clock: Clock, windowMs = READ_AUDIT_WINDOW_MS): ReadAudit {
  const due = burstWindow(clock, windowMs);
  return (db, clinicianId, action, subject, detail) => {
    const row = due(clinicianId, action, subject, detail);
    if (row) appendAudit(db, row.entry, row.atIso);
    return row !== null;
  };
}

export function createStoreReadAudit(clock: Clock, windowMs = READ_AUDIT_WINDOW_MS): StoreReadAudit {
  const due = burstWindow(clock, windowMs);
  return async (store, clinicianId, action, subject, detail) => {
    const row = due(clinicianId, action, subject, detail);
    if (row) await store.appendAudit(row.entry, row.atIso);
    return row !== null;
  };
}
