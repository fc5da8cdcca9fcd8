/**
 * `POST /api/pair {code}`: a device trades a one-time pairing code for its credential, set as an HttpOnly cookie
 * (page script never sees it). Wrong codes are counted per address and overall; refusals say plainly why.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { PAIRING_REFUSAL_MESSAGES, type DeviceAccess, type PairingRefusal } from '../api/pairing';
import type { Logger } from '../core/log';
import type { AttemptLimiter } from './attempt-limiter';
import { deviceCookieHeader } from './device-cookie';
import { readSmallBody, remoteAddress, sendJson } from './http';

export const pairRequestSchema = z.object({ code: z.string().max(40) }).strict();

export type PairResponse =
  | { ok: true; value: { deviceId: number; name: string; role: 'kiosk' | 'staff'; next: string } }
  | {
      ok: false;
      error: {
        code: 'pairing_refused';
        reason: PairingRefusal | 'rate_limited' | 'invalid_input';
        message: string;
        retryAt?: string;
      };
    };

export interface PairRouteDeps {
  devices: DeviceAccess;
  clock: Clock;
  limiter: AttemptLimiter;
  logger?: Logger;
}

function refuse(
  res: ServerResponse,
  status: number,
  reason: Exclude<PairResponse, { ok: true }>['error']['reason'],
  message: string,
  retry?: { at: Date; now: Date },
): void {
  const retryAt = retry?.at;
  const body: PairResponse = {
    ok: false,
    error: { code: 'pairing_refused', reason, message, ...(retryAt ? { retryAt: retryAt.toISOString() } : {}) },
  };
  sendJson(
    res,
    status,
    body,
    retryAt
      ? { 'Retry-After': String(Math.max(1, Math.ceil((retryAt.getTime() - (retry?.now.getTime() ?? 0)) / 1000))) }
      : {},
  );
}

export async function handlePair(req: IncomingMessage, res: ServerResponse, deps: PairRouteDeps): Promise<void> {
  const address = remoteAddress(req) ?? 'unknown';
  const limited = () => {
    const check = deps.limiter.check(address);
    return check.allowed ? null : check;
  };
  const failed = async () => {
    if (deps.limiter.fail(address)) {
      // One row when a limit is reached, not one per guess beyond it.
      await deps.devices.audit({ actorType: 'system', action: 'device.pair.limited', detail: { address } });
      deps.logger?.security('hub.pair-limited', { peer: address });
    }
  };

  const blocked = limited();
  if (blocked) {
    return refuse(
      res,
      429,
      'rate_limited',
      `Too many wrong pairing codes${blocked.scope === 'address' ? ' from this device' : ''}. ` +
        `Try again after ${blocked.retryAt.toISOString().slice(11, 16)} UTC.`,
      { at: blocked.retryAt, now: deps.clock.now() },
    );
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
    return refuse(res, 415, 'invalid_input', 'Requests must be JSON.');
  const raw = await readSmallBody(req, 1024);
  let parsed: z.infer<typeof pairRequestSchema> | null;
  try {
    const result = raw === null ? null : pairRequestSchema.safeParse(JSON.parse(raw));
    parsed = result?.success ? result.data : null;
  } catch {
    parsed = null;
  }
  if (!parsed) {
    await failed();
    return refuse(res, 400, 'invalid_input', 'Send the pairing code as {"code": "ABCD-EFGH"}.');
  }

  const outcome = await deps.devices.redeem(parsed.code, address);
  if (!outcome.ok) {
    // Only guesses count: retrying a real code that expired or was used is a person, not an attack.
    if (outcome.reason === 'wrong') await failed();
    deps.logger?.security('hub.pair-refused', { reason: outcome.reason, peer: address });
    return refuse(res, 403, outcome.reason, PAIRING_REFUSAL_MESSAGES[outcome.reason]);
  }
  deps.logger?.info('hub.paired', { deviceId: outcome.device.id, role: outcome.device.role, peer: address });
  const body: PairResponse = {
    ok: true,
    value: {
      deviceId: outcome.device.id,
      name: outcome.device.name,
      role: outcome.device.role,
      next: outcome.device.role === 'kiosk' ? '/kiosk.html' : '/clinician.html',
    },
  };
  sendJson(res, 200, body, { 'Set-Cookie': deviceCookieHeader(outcome.credential) });
}
