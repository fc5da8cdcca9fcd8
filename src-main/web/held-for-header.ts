/** The kiosk outboxes' "held for" header (core/held-intake.ts) as a hub reads it from a request. */
import { z } from 'zod';
import { HELD_INTAKE_MAX_AGE_MS } from '../core/held-intake';

const DAY_MS = 24 * 60 * 60_000;

// Whole milliseconds up to the outbox's limit, plus a day for a kiosk clock that moved while it held the intake.
const heldForHeaderSchema = z
  .string()
  .regex(/^\d{1,11}$/)
  .transform(Number)
  .pipe(z.number().max(HELD_INTAKE_MAX_AGE_MS + DAY_MS));

/**
 * Absent (not held, or a kiosk older than the header) or a valid wait. Anything else is not guessed at: the hub files
 * that intake as arriving at once (web/server.ts).
 */
export function parseHeldFor(raw: string | string[] | undefined): { ok: true; ms: number | undefined } | { ok: false } {
  if (raw === undefined) return { ok: true, ms: undefined };
  const parsed = heldForHeaderSchema.safeParse(raw);
  return parsed.success ? { ok: true, ms: parsed.data } : { ok: false };
}
