/**
 * `--kiosk-submit-limit COUNT/WINDOW` (e.g. `30/10m`): how many intakes one kiosk device may send per window. The
 * default protects a real clinic; a load test (bench/network.ts) raises it, since ten kiosks sending hundreds of
 * intakes a second is exactly what the limit exists to stop.
 */
import type { LimiterOptions } from './attempt-limiter';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;
const MAX_COUNT = 1_000_000;
const MIN_WINDOW_MS = 1_000;
const MAX_WINDOW_MS = 24 * 3_600_000;

/** The limiter options for the flag's text; `fallback` (the hub's default) when the flag is absent. */
export function parseKioskSubmitLimit(text: string | undefined, fallback: LimiterOptions): LimiterOptions {
  if (text === undefined) return fallback;
  const m = /^(\d{1,7})\/(\d{1,5})([smh])$/.exec(text.trim());
  const count = Number(m?.[1]);
  const windowMs = Number(m?.[2]) * UNIT_MS[(m?.[3] ?? 's') as keyof typeof UNIT_MS];
  if (!m || count < 1 || count > MAX_COUNT || windowMs < MIN_WINDOW_MS || windowMs > MAX_WINDOW_MS) {
    throw new Error(
      `--kiosk-submit-limit takes COUNT/WINDOW, 1 to ${MAX_COUNT} intakes per 1s to 24h (for example 30/10m), ` +
        `not "${text}".`,
    );
  }
  // Per device only: never a global cap, so one kiosk over its limit does not silence the others.
  return { perAddress: count, global: Number.MAX_SAFE_INTEGER, windowMs };
}
