/**
 * A desktop staff station's main process, run inside a host namespace (see two-hubs.test.ts): pairs the way the setup
 * window does, holds the hub's event stream through the station backend, unlocks with the clinician's PIN, leaves
 * `listening` in its folder once the stream is open, waits (bounded) for an urgent alert, reads the queue, and prints
 * one JSON line. Input in STRIDE_STATION_INPUT, so no secret is on a command line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { StaffEvent } from '../../src-main/api/contract';
import type { ConnectionState } from '../../src-main/core/event-stream';
import { pairWithHub } from '../../src-main/station/pairing';
import { startStationBackend, type StationBackend } from '../../src-main/station/station-backend';
import { reportAndExit } from './child-result';

const input = z
  .object({
    address: z.string(),
    fingerprint: z.string(),
    code: z.string(),
    clinicianId: z.number().int().positive(),
    pin: z.string(),
    /** Where this station keeps its files and leaves `listening`. */
    dir: z.string(),
    /** How long to wait for the stream to open, and then for the alert. */
    waitMs: z.number().int().positive().max(120_000),
  })
  .parse(JSON.parse(process.env.STRIDE_STATION_INPUT ?? '{}'));

const caller = { channel: 'staff' as const, key: 'room-3' };

/** Resolves with the first value the subscription delivers that passes `test`; fails after `ms`. */
function within<T>(
  what: string,
  ms: number,
  subscribe: (listener: (v: T) => void) => () => void,
  test: (v: T) => boolean,
) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what}: not within ${ms} ms`));
    }, ms);
    const off = subscribe((v) => {
      if (!test(v)) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

async function call(backend: StationBackend, method: string, payload: unknown): Promise<unknown> {
  const r = await backend.dispatch(caller, method, payload);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function main() {
  const paired = await pairWithHub({ address: input.address, fingerprint: input.fingerprint, code: input.code });
  if (!paired.ok) throw new Error(paired.message);
  const backend = startStationBackend({
    credential: paired.credential,
    dataDir: input.dir,
    onUnpaired: () => undefined,
  });
  try {
    // Listening before the alert is raised: an event the hub had no stream for would not be pushed at all.
    const alert = within<StaffEvent>(
      'the urgent alert',
      input.waitMs,
      (l) => backend.events.subscribe(l),
      (e) => e.type === 'alert.urgent',
    );
    alert.catch(() => undefined); // awaited below; a timeout before then must not end the process on its own
    if (backend.connection.current() !== 'open')
      await within<ConnectionState>(
        'the event stream',
        input.waitMs,
        (l) => backend.connection.subscribe(l),
        (s) => s === 'open',
      );
    const unlocked = await call(backend, 'staff.unlock', { clinicianId: input.clinicianId, pin: input.pin });
    writeFileSync(join(input.dir, 'listening'), '');
    const heard = await alert;
    const queue = await call(backend, 'queue.list', {});
    return { role: paired.credential.role, unlocked, alert: heard, queue };
  } finally {
    await backend.close();
  }
}

reportAndExit(main());
