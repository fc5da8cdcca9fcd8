/**
 * A desktop station's dispatcher: the same interface as the local one (api/dispatch.ts), but the call goes to the hub,
 * `POST /api/call/<method>` over the pinned connection (hub-link.ts). The channel rule is checked here first (the
 * kiosk window still only reaches kiosk methods, whatever the hub would say) and the payload is validated here too,
 * so nothing malformed leaves the machine; the hub checks both again. Every failure is a typed ApiResult, never a
 * throw: the renderer's error handling is the same as on a standalone machine.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { channelMayCall, contract, isMethodName } from '../api/contract';
import type { Caller, Dispatch } from '../api/dispatch';
import { fieldErrors } from '../api/dispatch';
import type { ApiErrorCode, ApiResult } from '../api/errors';
import type { Logger } from '../core/log';
import { HELD_FOR_HEADER } from '../core/held-intake';
import {
  credentialCookie,
  hubOrigin,
  isCertificateRefusal,
  requestHub,
  type HubReply,
  type PinnedHub,
} from './hub-link';
import { PinMismatchError } from './pinning';

const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'forbidden',
  'locked',
  'lockout',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
] as const satisfies readonly ApiErrorCode[];

/** The hub's reply, checked for shape; the value itself is the contract's result type, which only the hub makes. */
const apiResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().max(2000),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      retryAt: z.string().optional(),
    }),
  }),
]);

export const UNPAIRED_MESSAGE =
  'This computer is no longer paired with the clinic hub. Ask an administrator to pair it again.';
export const UNREACHABLE_MESSAGE = 'The clinic hub cannot be reached right now.';
export const IMPOSTOR_MESSAGE =
  'Something other than the clinic hub answered at its address (another certificate). Stride refused to connect.';

export interface StationLink {
  hub: PinnedHub;
  /** The device credential from pairing. */
  credential: string;
}

export interface RemoteDispatchOptions {
  link: StationLink;
  /** The hub no longer accepts this station's credential (revoked): show "not paired". */
  onUnpaired?(): void;
  logger?: Logger;
  timeoutMs?: number;
}

export interface RemoteDispatch {
  dispatch: Dispatch;
  /** A window went away or reloaded: its next calls use a new hub tab, so it starts locked there too. */
  forgetCaller(key: string): void;
  /** Headers that identify this station (and a caller's tab) to the hub; the event stream uses them too. */
  headersFor(caller: Caller): Record<string, string>;
}

const fail = (code: ApiErrorCode, message: string, retryAt?: string): ApiResult<never> => ({
  ok: false,
  error: { code, message, ...(retryAt ? { retryAt } : {}) },
});

/** What the station makes of the hub's HTTP answer. Exported for the tests of each case. */
export function interpretReply(reply: HubReply): { result: ApiResult<unknown>; unpaired: boolean } {
  let parsed: z.infer<typeof apiResultSchema> | null;
  try {
    const r = apiResultSchema.safeParse(JSON.parse(reply.body));
    parsed = r.success ? r.data : null;
  } catch {
    parsed = null;
  }
  // 401: the hub does not know (or has revoked) this credential.
  if (reply.status === 401) return { result: fail('forbidden', UNPAIRED_MESSAGE), unpaired: true };
  if (reply.status === 429) {
    const retryAt = parsed && !parsed.ok ? parsed.error.retryAt : undefined;
    const message = parsed && !parsed.ok ? parsed.error.message : 'The clinic hub is busy. Try again in a moment.';
    return { result: fail('unavailable', message, retryAt), unpaired: false };
  }
  if (reply.status >= 500 && !parsed) return { result: fail('unavailable', UNREACHABLE_MESSAGE), unpaired: false };
  if (!parsed)
    return { result: fail('unavailable', 'The clinic hub answered with something unexpected.'), unpaired: false };
  return { result: parsed as ApiResult<unknown>, unpaired: false };
}

export function createRemoteDispatch(options: RemoteDispatchOptions): RemoteDispatch {
  const { link, logger } = options;
  // Hub tabs are per window and per launch: a restarted station, or a reloaded window, is a new (locked) caller.
  const launch = randomBytes(6).toString('base64url');
  let counter = 0;
  const tabs = new Map<string, string>();
  const tabFor = (key: string): string => {
    let tab = tabs.get(key);
    if (!tab) {
      counter += 1;
      tab = `st-${launch}-${counter}`;
      tabs.set(key, tab);
    }
    return tab;
  };

  const headersFor = (caller: Caller): Record<string, string> => ({
    Cookie: credentialCookie(link.credential),
    Origin: hubOrigin(link.hub),
    'X-Stride-Tab': tabFor(caller.key),
    ...(caller.heldForMs === undefined ? {} : { [HELD_FOR_HEADER]: String(caller.heldForMs) }),
  });

  const dispatch: Dispatch = async (caller, method, payload) => {
    if (typeof method !== 'string' || !isMethodName(method)) return fail('unknown_method', 'There is no such method.');
    const spec = contract[method];
    if (!channelMayCall(caller.channel, spec.access)) return fail('forbidden', 'This window may not call that method.');
    const checked = spec.input.safeParse(payload);
    if (!checked.success) {
      const fields = fieldErrors(checked.error);
      return {
        ok: false,
        error: {
          code: 'invalid_input',
          message: `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
          fields,
        },
      };
    }
    let reply: HubReply;
    try {
      reply = await requestHub(link.hub, link.hub, {
        method: 'POST',
        path: `/api/call/${method}`,
        headers: { ...headersFor(caller), 'Content-Type': 'application/json' },
        // The caller's own payload, now known to be valid: the hub parses it with the same schema.
        body: JSON.stringify(payload ?? {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
    } catch (e) {
      if (isCertificateRefusal(e)) {
        logger?.security('station.certificate-refused', {
          reason:
            e instanceof PinMismatchError
              ? `presented ${e.presented.join(' ')}`
              : String((e as { code?: unknown }).code),
        });
        return fail('unavailable', IMPOSTOR_MESSAGE);
      }
      logger?.warn('station.hub-unreachable', { method, reason: e instanceof Error ? e.message : String(e) });
      return fail('unavailable', UNREACHABLE_MESSAGE);
    }
    const { result, unpaired } = interpretReply(reply);
    if (unpaired) {
      logger?.security('station.unpaired', { method });
      options.onUnpaired?.();
    }
    return result;
  };

  return {
    dispatch,
    forgetCaller: (key) => void tabs.delete(key),
    headersFor,
  };
}
