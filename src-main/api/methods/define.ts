/** The shape of one contract entry. Kept apart from contract.ts so method groups can import it without a cycle. */
import type { z } from 'zod';

/**
 * kiosk: only the kiosk channel.
 * staff-open: the staff channel before unlocking (setup, unlock screen).
 * clinician: the staff channel with an unlocked clinician.
 * admin: the staff channel with an unlocked admin.
 */
export type Access = 'kiosk' | 'staff-open' | 'clinician' | 'admin';

export interface MethodSpec<I extends z.ZodType, O> {
  access: Access;
  input: I;
  /** Phantom: carries the result type for the typed client. */
  readonly result?: O;
}

/** `method<Result>()(access, inputSchema)`: the result type rides along for the typed client. */
export function method<O>() {
  return <I extends z.ZodType>(access: Access, input: I): MethodSpec<I, O> => ({ access, input });
}
