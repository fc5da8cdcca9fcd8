/**
 * The station side of hub-kill.test.ts, run inside a station namespace: pairs as a kiosk, then sends `count` intakes
 * one after another, each with its own submission id, retrying the same id and body after any failure (a refused
 * connection, a reset, a timeout, a non-200) until the hub acknowledges it, as a kiosk's outbox does. Every
 * `dropEvery`-th intake has its first reply thrown away as if lost on the network, and is sent again.
 * Prints {"paired"}, then one {"i", "submissionId", "fullName", "checkInCode",
 * "failedAttempts", "droppedCode"} line per
 * acknowledged intake, then {"done"}; {"failed"} on a refusal that a retry cannot cure or when time runs out.
 * Input comes in STRIDE_STATION_INPUT so no secret is on a command line.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { routineIntake } from '../support/clinician';
import { HubDevice } from '../support/hub-device';

const input = z
  .object({
    target: z.object({ host: z.string(), port: z.number(), ca: z.string(), caFingerprint: z.string() }),
    code: z.string(),
    count: z.number().int().positive().max(1000),
    dropEvery: z.number().int().positive(),
    deadlineMs: z
      .number()
      .int()
      .positive()
      .max(10 * 60_000),
  })
  .parse(JSON.parse(process.env.STRIDE_STATION_INPUT ?? '{}'));

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const deadline = Date.now() + input.deadlineMs;

/** A patient's name for intake i: the test finds each session by it. */
const patientName = (i: number) => `Kill Test ${String(i).padStart(4, '0')}`;

type Attempt = { kind: 'receipt'; checkInCode: string } | { kind: 'retry'; why: string } | { kind: 'refused' };

async function attempt(device: HubDevice, body: unknown): Promise<Attempt> {
  try {
    const r = await device.call('intake.submit', body, 5_000);
    const envelope = r.result as { ok?: boolean; value?: { checkInCode?: string }; error?: { code?: string } } | null;
    if (r.status === 200 && envelope?.ok === true && envelope.value?.checkInCode)
      return { kind: 'receipt', checkInCode: envelope.value.checkInCode };
    // A 200 carrying a refusal (invalid input, a conflicting id) will not change on a retry.
    if (r.status === 200) return { kind: 'refused' };
    return { kind: 'retry', why: `status ${r.status}` };
  } catch (e) {
    return { kind: 'retry', why: e instanceof Error ? e.message : String(e) };
  }
}

async function run(): Promise<void> {
  const device = new HubDevice(input.target, 'kill-test-kiosk-tab');
  await device.pair(input.code);
  print({ paired: true });
  for (let i = 0; i < input.count; i++) {
    const submissionId = randomUUID();
    const body = {
      ...routineIntake,
      patient: { ...routineIntake.patient, fullName: patientName(i) },
      submissionId,
    };
    let failedAttempts = 0;
    let droppedCode: string | null = null;
    let backoff = 100;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`out of time at intake ${i} after ${failedAttempts} failures`);
      const a = await attempt(device, body);
      if (a.kind === 'refused') throw new Error(`intake ${i} refused for good`);
      if (a.kind === 'receipt' && droppedCode === null && (i + 1) % input.dropEvery === 0) {
        droppedCode = a.checkInCode; // the reply "lost": send the same intake again
        continue;
      }
      if (a.kind === 'receipt') {
        print({
          i,
          submissionId,
          fullName: body.patient.fullName,
          checkInCode: a.checkInCode,
          failedAttempts,
          droppedCode,
        });
        break;
      }
      failedAttempts += 1;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 1_000);
    }
  }
  device.close();
  print({ done: true });
}

run().then(
  () => process.exit(0),
  (e: unknown) => {
    print({ failed: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
