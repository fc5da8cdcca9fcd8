/**
 * How long a finished intake may wait on a kiosk (the browser's IndexedDB outbox, a desktop station's outbox.db) for
 * a hub that does not take it. Past this it is deleted unsent: a tablet retired or left unpaired while the hub was
 * away must not keep a patient's answers for ever, and a visit weeks old delivered today would stand in today's queue
 * (and ring today's alerts) as if the patient were waiting. The patient was told at the time to tell the front desk,
 * with their check-in code, so the desk has had their arrival in hand since. 30 days, the clinic's default period for
 * kiosk drafts (store/retention.ts): long enough for a hub broken over a holiday closure, short for a lost device.
 * Judged on the kiosk's own clock, like `heldAt`.
 */
export const HELD_INTAKE_MAX_AGE_DAYS = 30;
export const HELD_INTAKE_MAX_AGE_MS = HELD_INTAKE_MAX_AGE_DAYS * 24 * 60 * 60_000;

/** Whether an intake held at `heldAtMs` is too old to send at `nowMs`. An unreadable time is never too old. */
export function heldTooLong(heldAtMs: number, nowMs: number): boolean {
  return Number.isFinite(heldAtMs) && nowMs - heldAtMs > HELD_INTAKE_MAX_AGE_MS;
}
