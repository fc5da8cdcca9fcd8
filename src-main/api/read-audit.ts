/**
 * Audit rows for reads that reveal patient data (the queue of a day, the audit log, the staff list, a patient search).
 * Screens re-read these often (each new intake reloads the queue; a search runs as the name is typed), so one row is
 * written per clinician, read and subject, then none again for that same read until `windowMs` of quiet has passed.
 */
import type { Clock } from '../core/clock';
import type { ClinicStore } from '../store/clinic-store';

export const READ_AUDIT_WINDOW_MS = 10 * 60_000;

/** Writes the read's row through the store (either engine) if one is due; resolves to whether it wrote one. */
export type ReadAudit = (
  store: Pick<ClinicStore, 'appendAudit'>,
  clinicianId: number,
  action: string,
  subject: string,
  detail?: Record<string, unknown>,
) => Promise<boolean>;

export function createReadAudit(clock: Clock, windowMs = READ_AUDIT_WINDOW_MS): ReadAudit {
  const last = new Map<string, number>();
  return async (store, clinicianId, action, subject, detail) => {
    const now = clock.now();
    const key = `${clinicianId}\u0000${action}\u0000${subject}`;
    const before = last.get(key);
    last.set(key, now.getTime());
    // Still the same burst of reads: the row written at its start stands for all of it.
    if (before !== undefined && now.getTime() - before < windowMs) return false;
    if (last.size > 10_000) last.clear();
    await store.appendAudit(
      { actorType: 'clinician', actorId: clinicianId, action, ...(detail ? { detail } : {}) },
      now.toISOString(),
    );
    return true;
  };
}
