/**
 * One entry point for every transport: look the method up, check the channel, validate the payload, check the unlock
 * state, run the handler, and turn every failure into a typed error. Nothing reaches a handler unvalidated.
 */
import type { z } from 'zod';
import {
  channelMayCall,
  contract,
  isMethodName,
  type Channel,
  type MethodName,
  type MethodParsedInput,
  type MethodResult,
} from './contract';
import { ApiError, type ApiResult, type FieldError } from './errors';
import type { ClinicianSummary } from './types';

export interface Caller {
  channel: Channel;
  /** Identifies the window or browser tab: unlock state is held per caller. */
  key: string;
  /** The paired device calling through the hub, if any: wrong PINs count against it as well as the clinician. */
  deviceId?: number;
  /**
   * How long this call waited in a kiosk's outbox before it was sent (core/held-intake.ts), when it did: a fact about
   * the delivery, so it travels beside the payload rather than in it.
   */
  heldForMs?: number;
}

export interface CallContext {
  caller: Caller;
  /** The unlocked clinician, for clinician and admin methods. */
  clinician: ClinicianSummary | null;
}

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>, ctx: CallContext) => MethodResult<M> | Promise<MethodResult<M>>;
};

/** Knows who is unlocked on which caller; touching it counts as activity for auto-lock. */
export interface UnlockGate {
  clinicianFor(caller: Caller): ClinicianSummary | null;
}

export type Dispatch = (caller: Caller, method: string, payload: unknown) => Promise<ApiResult<unknown>>;

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(payload)',
    message: issue.message,
  }));
}

export function createDispatcher(
  handlers: Handlers,
  gate: UnlockGate,
  onInternalError?: (e: unknown, method: string) => void,
): Dispatch {
  return async (caller, methodName, payload) => {
    try {
      if (typeof methodName !== 'string' || !isMethodName(methodName)) {
        throw new ApiError('unknown_method', 'There is no such method.');
      }
      const spec = contract[methodName];
      if (!channelMayCall(caller.channel, spec.access)) {
        throw new ApiError('forbidden', 'This window may not call that method.');
      }
      let clinician: ClinicianSummary | null = null;
      if (spec.access === 'clinician' || spec.access === 'admin') {
        clinician = gate.clinicianFor(caller);
        if (!clinician) throw new ApiError('locked', 'Unlock with your PIN first.');
        if (spec.access === 'admin' && clinician.role !== 'admin') {
          throw new ApiError('forbidden', 'Only an administrator may do this.');
        }
      } else if (spec.access === 'staff-open') {
        clinician = gate.clinicianFor(caller);
      }
      // Validated only after access is settled: a caller who may not call a method learns nothing about its input.
      const parsed = spec.input.safeParse(payload);
      if (!parsed.success) {
        const fields = fieldErrors(parsed.error);
        throw new ApiError(
          'invalid_input',
          `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
          fields,
        );
      }
      const handler = handlers[methodName] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(parsed.data, { caller, clinician });
      return { ok: true, value };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: e.toBody() };
      onInternalError?.(e, methodName);
      return { ok: false, error: { code: 'internal', message: 'Something went wrong. Nothing was changed.' } };
    }
  };
}
