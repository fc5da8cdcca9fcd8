/**
 * Calls from the clinician screen. A `locked` answer means the core has locked this window (idle, disabled, reset):
 * the screen must lock itself at once, whatever was on it.
 */
import type { MethodInput, MethodName, MethodResult } from '../../src-main/api/contract';
import { ApiCallError, call } from '../lib/api';

let onLocked: () => void = () => {};
export function whenLocked(handler: () => void): void {
  onLocked = handler;
}

export async function api<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  try {
    return await call(method, input);
  } catch (e) {
    if (e instanceof ApiCallError && e.code === 'locked') onLocked();
    throw e;
  }
}

/** A message for the person at the screen; field errors keep their path so they can sit beside the field. */
export function explain(e: unknown): string {
  if (e instanceof ApiCallError) return e.message;
  return 'Something went wrong. Nothing was changed.';
}

export { ApiCallError };
