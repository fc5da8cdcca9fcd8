/**
 * The load side of bench/network.ts, run inside a station namespace. Two roles, each its own process on its own link:
 *   staff:  pairs the staff devices, unlocks each with the clinician's PIN, holds GET /api/events open on each and
 *           prints every alert.urgent as it arrives ({"alert", "stream", "at"}); stops on SIGTERM.
 *   kiosks: pairs the kiosk devices, then (1) urgent intakes from one kiosk while the others keep submitting routine
 *           ones ({"urgent", "sentAt"}), (2) steps of offered load ({"step", ...}), (3) submissions until the hub has
 *           taken `fillTo` in all ({"filled"}).
 * Times are performance.timeOrigin + performance.now() (milliseconds since the epoch, sub-millisecond): the same
 * clock in both processes, so an alert's arrival can be set against its Send. Every loop is bounded in count and time.
 * Input comes in STRIDE_LOAD_INPUT so no credential is on a command line.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { routineIntake, urgentIntake } from '../../tests/support/clinician';
import { HubDevice } from '../../tests/support/hub-device';
import { quantile } from './stats';

const input = z
  .object({
    role: z.enum(['staff', 'kiosks']),
    target: z.object({ host: z.string(), port: z.number(), ca: z.string(), caFingerprint: z.string() }),
    codes: z.array(z.string()).min(1).max(50),
    clinicianId: z.number().optional(),
    pin: z.string().optional(),
    plan: z
      .object({
        backgroundPerSecond: z.number().positive().max(1000),
        urgentCount: z.number().int().positive().max(1000),
        urgentEveryMs: z.number().int().min(50).max(10_000),
        stepRates: z.array(z.number().positive().max(5000)).max(20),
        stepMs: z.number().int().min(1000).max(60_000),
        stepRepeats: z.number().int().min(1).max(9),
        stepP99TargetMs: z.number().positive(),
        fillTo: z.number().int().positive().max(100_000),
        fillConcurrency: z.number().int().positive().max(200),
        fillMaxMs: z
          .number()
          .int()
          .positive()
          .max(30 * 60_000),
      })
      .optional(),
    /** This process ends itself after this long, whatever happens. */
    lifetimeMs: z
      .number()
      .int()
      .positive()
      .max(60 * 60_000),
  })
  .parse(JSON.parse(process.env.STRIDE_LOAD_INPUT ?? '{}'));

const now = () => performance.timeOrigin + performance.now();
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const lifetime = setTimeout(() => {
  print({ failed: `still running after ${input.lifetimeMs} ms` });
  process.exit(1);
}, input.lifetimeMs);
lifetime.unref();

async function staff(): Promise<void> {
  if (input.clinicianId === undefined || !input.pin) throw new Error('staff needs clinicianId and pin');
  const devices = input.codes.map((_, i) => new HubDevice(input.target, `bench-staff-tab-${i}`));
  await Promise.all(devices.map((d, i) => d.pair(input.codes[i]!)));
  for (const d of devices) {
    const r = await d.call('staff.unlock', { clinicianId: input.clinicianId, pin: input.pin });
    if (!(r.result as { ok?: boolean } | null)?.ok) throw new Error(`unlock refused: ${JSON.stringify(r.result)}`);
  }
  let messages = 0;
  const streams = devices.map((d, stream) =>
    d.openEvents((m, at) => {
      messages += 1;
      if (!m.data.includes('"alert.urgent"')) return;
      const event = JSON.parse(m.data) as { type: string; checkInCode: string };
      if (event.type === 'alert.urgent') print({ alert: event.checkInCode, stream, at });
    }),
  );
  await Promise.all(streams.map((s) => s.ready));
  print({ ready: true, streams: streams.length });
  process.on('SIGTERM', () => {
    print({ stopped: true, messages });
    for (const s of streams) s.close();
    process.exit(0);
  });
}

let serial = 0;
/** A fresh intake: its own patient and submission id, as a new patient at the kiosk makes. */
function intake(kind: 'routine' | 'urgent') {
  serial += 1;
  const base = kind === 'urgent' ? urgentIntake : routineIntake;
  return {
    ...base,
    patient: { ...base.patient, fullName: `${kind === 'urgent' ? 'Urgent' : 'Patient'} ${process.pid} ${serial}` },
    submissionId: randomUUID(),
  };
}

interface Outcome {
  ok: boolean;
  /** From when the request was due (open loop: a late start counts against the hub) to the receipt. */
  ms: number;
  checkInCode?: string;
}

let accepted = 0;
let refused = 0;
/** Why submissions failed, counted (a status, an error code or message): printed with the last line. */
const refusedWhy = new Map<string, number>();
const countRefusal = (why: string) => {
  refused += 1;
  refusedWhy.set(why, (refusedWhy.get(why) ?? 0) + 1);
};
async function submit(device: HubDevice, kind: 'routine' | 'urgent', dueAt = now()): Promise<Outcome> {
  try {
    const r = await device.call('intake.submit', intake(kind));
    const envelope = r.result as { ok?: boolean; value?: { checkInCode: string } } | null;
    const ok = r.status === 200 && envelope?.ok === true;
    if (ok) accepted += 1;
    else countRefusal(`status ${r.status}${envelope?.ok === false ? ' refused' : ''}`);
    return { ok, ms: now() - dueAt, ...(envelope?.value ? { checkInCode: envelope.value.checkInCode } : {}) };
  } catch (e) {
    countRefusal((e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e)));
    return { ok: false, ms: now() - dueAt };
  }
}

/** Requests due at fixed times whatever the replies do (open loop), `rate` per second for `ms`, round robin. */
async function openLoop(devices: HubDevice[], rate: number, ms: number): Promise<Outcome[]> {
  const count = Math.max(1, Math.round((rate * ms) / 1000));
  const start = now();
  const pending: Promise<Outcome>[] = [];
  for (let i = 0; i < count; i++) {
    const dueAt = start + (i * 1000) / rate;
    await sleep(dueAt - now());
    pending.push(submit(devices[i % devices.length]!, 'routine', dueAt));
  }
  return Promise.all(pending);
}

async function kiosks(): Promise<void> {
  const plan = input.plan;
  if (!plan) throw new Error('kiosks need a plan');
  const devices = input.codes.map((_, i) => new HubDevice(input.target, `bench-kiosk-tab-${i}`));
  await Promise.all(devices.map((d, i) => d.pair(input.codes[i]!)));
  print({ ready: true, kiosks: devices.length });

  // (1) Urgent intakes from the first kiosk, the others submitting routine ones in the background meanwhile.
  const [first, ...others] = devices;
  const urgentMs = plan.urgentCount * plan.urgentEveryMs;
  const background = openLoop(others.length ? others : [first!], plan.backgroundPerSecond, urgentMs + 1000);
  await sleep(500);
  for (let i = 0; i < plan.urgentCount; i++) {
    const sentAt = now();
    const r = await submit(first!, 'urgent', sentAt);
    print({ urgent: r.checkInCode ?? null, sentAt, receiptMs: r.ms });
    await sleep(sentAt + plan.urgentEveryMs - now());
  }
  const bg = await background;
  print({ background: bg.length, backgroundRefused: bg.filter((o) => !o.ok).length });

  // (2) Offered load in steps, until p99 passes the target, the hub falls behind, or something is refused. Each step
  // is `stepRepeats` rounds and its p99 the median of theirs: one stall of this shared machine does not decide a step.
  for (const rate of plan.stepRates) {
    const rounds: { p50: number; p99: number }[] = [];
    let sent = 0;
    let ok = 0;
    const t0 = now();
    for (let round = 0; round < plan.stepRepeats; round++) {
      const outcomes = await openLoop(devices, rate, plan.stepMs);
      const latencies = outcomes.filter((o) => o.ok).map((o) => o.ms);
      sent += outcomes.length;
      ok += latencies.length;
      rounds.push({ p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) });
    }
    const elapsed = now() - t0;
    const step = {
      step: rate,
      sent,
      refused: sent - ok,
      achieved: (ok * 1000) / Math.max(elapsed, plan.stepMs * plan.stepRepeats),
      p50: quantile(
        rounds.map((r) => r.p50),
        0.5,
      ),
      p99: quantile(
        rounds.map((r) => r.p99),
        0.5,
      ),
      roundsP99: rounds.map((r) => Math.round(r.p99)),
    };
    print(step);
    if (step.refused > 0 || step.p99 >= plan.stepP99TargetMs || step.achieved < rate * 0.95) break;
  }

  // (3) As fast as `fillConcurrency` callers go, until the hub has taken `fillTo` intakes (or time runs out).
  const fillDeadline = now() + plan.fillMaxMs;
  let next = 0;
  let inFlight = 0;
  const worker = async () => {
    // Counting the ones on their way too, so the hub ends with exactly `fillTo` (unless some are refused).
    while (accepted + inFlight < plan.fillTo && now() < fillDeadline) {
      inFlight += 1;
      const r = await submit(devices[next++ % devices.length]!, 'routine');
      inFlight -= 1;
      if (!r.ok) await sleep(100);
    }
  };
  await Promise.all(Array.from({ length: plan.fillConcurrency }, worker));
  print({ filled: accepted, refused, refusedWhy: Object.fromEntries(refusedWhy) });
  for (const d of devices) d.close();
  process.exit(0);
}

(input.role === 'staff' ? staff() : kiosks()).catch((e: unknown) => {
  print({ failed: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  process.exit(1);
});
