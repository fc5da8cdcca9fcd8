/**
 * A desktop kiosk station's main process, run inside a station namespace (see desktop-station.test.ts): pairs the
 * way the setup window does, then sends intakes one after another through the station backend while the test kills
 * and restarts the hub, waits until its outbox is empty, and prints one JSON line. Input in STRIDE_STATION_INPUT.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SubmitReceipt } from '../../src-main/api/types';
import { pairWithHub } from '../../src-main/station/pairing';
import { startStationBackend } from '../../src-main/station/station-backend';
import { reportAndExit } from './child-result';

const input = z
  .object({
    address: z.string(),
    fingerprint: z.string(),
    code: z.string(),
    /** Where this station keeps its outbox, and where it leaves `started` once the first intakes went through. */
    dir: z.string(),
    submission: z.record(z.string(), z.unknown()),
    count: z.number().int().positive(),
    startedAfter: z.number().int().positive(),
  })
  .parse(JSON.parse(process.env.STRIDE_STATION_INPUT ?? '{}'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const paired = await pairWithHub({ address: input.address, fingerprint: input.fingerprint, code: input.code });
  if (!paired.ok) throw new Error(paired.message);
  const backend = startStationBackend({
    credential: paired.credential,
    dataDir: input.dir,
    onUnpaired: () => undefined,
    courier: { minDelayMs: 200, maxDelayMs: 1_000 },
  });
  const receipts: SubmitReceipt[] = [];
  const failures: unknown[] = [];
  for (let i = 0; i < input.count; i++) {
    const r = await backend.dispatch({ channel: 'kiosk', key: 'wc:1' }, 'intake.submit', {
      ...input.submission,
      submissionId: `netns-desktop-${String(i).padStart(4, '0')}`,
    });
    if (r.ok) receipts.push(r.value as SubmitReceipt);
    else failures.push(r.error);
    if (i + 1 === input.startedAfter) writeFileSync(join(input.dir, 'started'), '');
    await sleep(100);
  }
  const deadline = Date.now() + 60_000;
  while (backend.held() > 0 && Date.now() < deadline) await sleep(100);
  const left = backend.held();
  await backend.close();
  return {
    receipts,
    failures,
    held: receipts.filter((r) => r.held).length,
    left,
    outboxFile: existsSync(join(input.dir, 'outbox.db')),
  };
}

reportAndExit(main());
