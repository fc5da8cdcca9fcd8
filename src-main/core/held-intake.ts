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

/**
 * How long an intake waited on the kiosk before this delivery, sent beside the intake (not in it) as this header by
 * both outboxes. Beside it because it is about the delivery, not the patient's answers: a retry sends the same
 * intake with a longer wait and must still be recognised as the same submission (api/submission-once.ts), and a hub
 * older than the header ignores it, so stations and hubs can be updated in any order. A duration, not a time: the
 * kiosk's clock may be wrong, but it still measures how long it held the intake.
 */
export const HELD_FOR_HEADER = 'x-stride-held-for';

/**
 * A wait shorter than this is not recorded: the patient is still at the kiosk or walking to the desk, and the intake
 * stands in the queue as if it had arrived at once.
 */
export const HELD_NOTICE_MS = 60_000;

/** The wait to send for an intake held at `heldAtMs`: never negative, never more than the outbox keeps anything. */
export function heldForMs(heldAtMs: number, nowMs: number): number {
  if (!Number.isFinite(heldAtMs) || !Number.isFinite(nowMs)) return 0;
  return Math.min(HELD_INTAKE_MAX_AGE_MS, Math.max(0, Math.round(nowMs - heldAtMs)));
}

/**
 * Whether a hub's answer to `kiosk.heldExpired` (how many intakes a kiosk deleted unsent) leaves the report to send
 * again: the hub away or busy, older than the method, or the kiosk not paired at the moment. Anything else (recorded,
 * or refused as invalid) settles it. Both outboxes keep their report by this.
 */
export function keepsExpiredReport(code: string): boolean {
  return code === 'unavailable' || code === 'unknown_method' || code === 'internal' || code === 'forbidden';
}
