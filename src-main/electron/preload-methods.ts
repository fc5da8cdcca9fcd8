/**
 * Which methods each preload lets its page even ask for. Kept free of zod and the contract so each preload bundle
 * stays small; a unit test checks this list against the contract, so the two cannot drift.
 * The main process checks again (by window, not by what the page claims), so this is the outer of two locks.
 */
export const KIOSK_METHODS: readonly string[] = Object.freeze([
  'intake.form',
  'intake.submit',
  'kiosk.settings',
  'kiosk.summonStaff',
  'kiosk.heldExpired',
]);

/** Dotted lower-camel segments, e.g. `queue.list` or `admin.clinicians.add`. */
const METHOD_NAME = /^[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)+$/;

/** The kiosk preload: only the intake methods, by exact name. */
export function kioskMayRequest(method: unknown): method is string {
  return typeof method === 'string' && KIOSK_METHODS.includes(method);
}

/** The clinician preload: any well-formed method name that is not a kiosk method (staff methods grow with the app). */
export function staffMayRequest(method: unknown): method is string {
  return typeof method === 'string' && METHOD_NAME.test(method) && !KIOSK_METHODS.includes(method);
}

/** The error a preload returns without touching IPC, shaped like every other API error. */
export function refusedByPreload(): { ok: false; error: { code: 'forbidden'; message: string } } {
  return { ok: false, error: { code: 'forbidden', message: 'This window may not call that method.' } };
}
