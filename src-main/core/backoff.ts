/**
 * How long to wait before retry number `attempt` (0 = the first retry): `firstMs`, doubling up to `maxMs`. One rule
 * for every retry loop (the staff event stream, the browser kiosk's outbox and the desktop station's outbox).
 * With `jitter` (a random source in [0, 1)) the wait is spread over [d/2, d), so tablets that lost the hub together
 * do not all come back in the same instant.
 */
export function backoffDelay(attempt: number, firstMs: number, maxMs: number, jitter?: () => number): number {
  const d = Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 30));
  return jitter === undefined ? d : d / 2 + jitter() * (d / 2);
}
