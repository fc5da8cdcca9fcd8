/**
 * Audit rows for reads that reveal patient data (the queue of a day, the audit log, the staff list, a patient search).
 * Screens re-read these often (each new intake reloads the queue; a search runs as the name is typed), so one row is
 * written per clinician, read and subject, then none again for that same read until `windowMs` of quiet has passed.
 */
import type { Clock } from '../core/clock';
import type { ClinicStore } from '../store/clinic-store';
import type { Db } from '../store/db';
import { appendAudit } from '../store/audit';

export const READ_AUDIT_WINDOW_MS = 10 * 60_000;

/** Where the row goes: the store; a Db (synchronously) only until the clinical handlers move onto the store (#18). */
export interface ReadAudit {
  (
    store: Pick<ClinicStore, 'appendAudit'>,
    clinicianId: number,
    action: string,
    subject: string,
    detail?: Record<string, unknown>,
  ): Promise<boolean>;
  (db: Db, clinicianId: number, action: string, subject: string, detail?: Record<string, unknown>): boolean;
}

export function createReadAudit(clock: Clock, windowMs = READ_AUDIT_WINDOW_MS): ReadAudit {
  const last = new Map<string, number>();
  const due = (clinicianId: number, action: string, subject: string): boolean => {
    const now = clock.now().getTime();
    const key = `${clinicianId}\u0000${action}\u0000${subject}`;
    const before = last.get(key);
    last.set(key, now);
    // Still the same burst of reads: the row written at its start stands for all of it.
    if (before !== undefined && now - before < windowMs) return false;
    if (last.size > 10_000) last.clear();
    return true;
  };
  function readAudit(
    store: Pick<ClinicStore, 'appendAudit'>,
    clinicianId: number,
    action: string,
    subject: string,
    detail?: Record<string, unknown>,
  ): Promise<boolean>;
  function readAudit(
    db: Db,
    clinicianId: number,
    action: string,
    subject: string,
    detail?: Record<string, unknown>,
  ): boolean;
  function readAudit(
    target: Pick<ClinicStore, 'appendAudit'> | Db,
    clinicianId: number,
    action: string,
    subject: string,
    detail?: Record<string, unknown>,
  ): Promise<boolean> | boolean {
    const isStore = 'appendAudit' in target;
    if (!due(clinicianId, action, subject)) return isStore ? Promise.resolve(false) : false;
    const entry = { actorType: 'clinician' as const, actorId: clinicianId, action, ...(detail ? { detail } : {}) };
    const at = clock.now().toISOString();
    if (isStore) return target.appendAudit(entry, at).then(() => true);
    appendAudit(target, entry, at);
    return true;
  }
  return readAudit;
}
