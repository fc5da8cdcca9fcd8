/**
 * The kiosk's browser outbox, under Node with its storage, sender and timers injected: what is held and what is not,
 * the backoff, exactly-once delivery to a hub that stores a submission id once, entries kept until the hub has
 * answered them, and a new page (a reload, a reboot) delivering what an earlier one left.
 */
import { describe, expect, it } from 'vitest';
import type { ApiErrorCode, ApiResult } from '../../src-main/api/errors';
import type { IntakeSubmission } from '../../src-main/api/schemas';
import type { SubmitReceipt } from '../../src-main/api/types';
import { HELD_INTAKE_MAX_AGE_MS } from '../../src-main/core/held-intake';
import { CHECK_IN_PATTERN } from '../../src-main/core/vocabulary';
import { ApiCallError } from '../../src-renderer/lib/api-error';
import {
  Outbox,
  checkInCodeFor,
  type HeldIntake,
  type OutboxStore,
  type OutboxTimers,
} from '../../src-renderer/lib/outbox';

class MemoryStore implements OutboxStore {
  readonly entries = new Map<string, string>();
  failPut = false;
  failRemove = false;
  async put(entry: HeldIntake) {
    if (this.failPut) throw new Error('quota');
    this.entries.set(entry.submissionId, JSON.stringify(entry));
  }
  async remove(id: string) {
    if (this.failRemove) throw new Error('busy');
    this.entries.delete(id);
  }
  async list() {
    return [...this.entries.values()].map((e) => JSON.parse(e) as HeldIntake);
  }
}

/** A hub as far as the outbox can tell: stores a submission id once and answers a retry with the first receipt. */
class FakeHub {
  up = true;
  /** The hub stores the intake, then the reply is lost on the way back. */
  loseReplies = false;
  refuseWith: ApiErrorCode | null = null;
  calls = 0;
  /** What each call said about how long the intake had waited on the kiosk (undefined: it did not wait). */
  readonly heldFor: (number | undefined)[] = [];
  readonly stored = new Map<string, { payload: string; code: string }>();
  send = async (s: IntakeSubmission, heldForMs?: number): Promise<ApiResult<SubmitReceipt>> => {
    this.calls += 1;
    this.heldFor.push(heldForMs);
    if (!this.up) throw new TypeError('Failed to fetch');
    if (this.refuseWith) return { ok: false, error: { code: this.refuseWith, message: 'no' } };
    const { submissionId = '', ...content } = s;
    const prior = this.stored.get(submissionId);
    if (prior && prior.payload !== JSON.stringify(content))
      return { ok: false, error: { code: 'conflict', message: 'other content' } };
    if (!prior) this.stored.set(submissionId, { payload: JSON.stringify(content), code: s.checkInCode ?? 'HUB7' });
    if (this.loseReplies) return { ok: false, error: { code: 'unavailable', message: 'reply lost' } };
    return { ok: true, value: { checkInCode: this.stored.get(submissionId)!.code, seeFrontDesk: false } };
  };
}

class ManualTimers implements OutboxTimers {
  readonly waits: number[] = [];
  #next: (() => void) | null = null;
  set(run: () => void, ms: number) {
    this.waits.push(ms);
    this.#next = run;
    return run;
  }
  clear(handle: unknown) {
    if (handle === this.#next) this.#next = null;
  }
  get pending() {
    return this.#next !== null;
  }
  fire() {
    const run = this.#next;
    this.#next = null;
    run?.();
  }
}

let n = 0;
function intake(name = 'Aiyana Redcloud'): IntakeSubmission {
  n += 1;
  return {
    locale: 'en',
    patient: { fullName: name, dateOfBirth: '1979-05-14' },
    answers: { sex: 'female', warning_signs: ['none'] },
    submissionId: `submission-${n}-0123456789abcdef`,
  };
}

function setup(opts: { random?: () => number; warns?: boolean; now?: () => Date } = {}) {
  const store = new MemoryStore();
  const hub = new FakeHub();
  const timers = new ManualTimers();
  const make = () =>
    new Outbox({
      store,
      send: hub.send,
      warns: () => opts.warns ?? false,
      timers,
      random: opts.random ?? (() => 0.5),
      ...(opts.now ? { now: opts.now } : {}),
    });
  return { store, hub, timers, outbox: make(), make };
}

describe('the kiosk outbox', () => {
  it('sends straight through when the hub answers, with the station code, and keeps nothing', async () => {
    const { store, hub, outbox } = setup();
    const s = intake();
    const receipt = await outbox.submit(s);
    expect(receipt).toEqual({ checkInCode: checkInCodeFor(s.submissionId!), seeFrontDesk: false });
    expect(receipt.checkInCode).toMatch(CHECK_IN_PATTERN);
    expect(hub.stored.size).toBe(1);
    expect(store.entries.size).toBe(0);
  });

  it('holds an intake the hub cannot be reached for and says so, with the warning reading of the kiosk', async () => {
    const { store, hub, timers, make } = setup({ warns: true });
    hub.up = false;
    const s = intake();
    const receipt = await make().submit(s);
    expect(receipt).toEqual({ checkInCode: checkInCodeFor(s.submissionId!), seeFrontDesk: true, held: true });
    const [held] = await store.list();
    expect(held?.submission).toEqual({ ...s, checkInCode: receipt.checkInCode });
    expect(timers.pending).toBe(true);
  });

  it.each(['invalid_input', 'conflict', 'forbidden'] as const)('does not hold a %s refusal', async (code) => {
    const { store, hub, outbox } = setup();
    hub.refuseWith = code;
    await expect(outbox.submit(intake())).rejects.toSatisfy((e) => e instanceof ApiCallError && e.code === code);
    expect(store.entries.size).toBe(0);
  });

  it('does not promise what it could not store: the patient is told to try again', async () => {
    const { store, hub, outbox } = setup();
    hub.up = false;
    store.failPut = true;
    await expect(outbox.submit(intake())).rejects.toSatisfy(
      (e) => e instanceof ApiCallError && e.code === 'unavailable',
    );
  });

  it('tells the hub how long a held intake waited, so it is filed under when the patient finished', async () => {
    let now = new Date('2026-03-09T17:40:00Z');
    const { hub, timers, outbox } = setup({ now: () => now });
    hub.up = false;
    await outbox.submit(intake());
    now = new Date('2026-03-10T08:02:00Z');
    hub.up = true;
    timers.fire();
    await outbox.settled();
    expect(hub.stored.size).toBe(1);
    // The first try went at once (no wait to tell); the delivery says 14 h 22 min.
    expect(hub.heldFor).toEqual([undefined, (14 * 60 + 22) * 60_000]);
  });

  it('retries with backoff from 2 s doubling to 60 s, jittered', async () => {
    const { hub, timers, outbox } = setup({ random: () => 0.999999 });
    hub.up = false;
    await outbox.submit(intake());
    for (let i = 0; i < 7; i++) {
      timers.fire();
      await outbox.settled();
    }
    expect(timers.waits.map((w) => Math.round(w / 1000))).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
    expect(hub.calls).toBe(8);
  });

  it('delivers exactly once when the hub is back, and forgets the intake only then', async () => {
    const { store, hub, timers, outbox } = setup();
    hub.up = false;
    const receipt = await outbox.submit(intake());
    timers.fire();
    await outbox.settled();
    expect(store.entries.size).toBe(1);

    hub.up = true;
    // The timer, the `online` event and a page start all at once: one pass sends it.
    timers.fire();
    await Promise.all([outbox.flush(), outbox.flush()]);
    await outbox.settled();
    expect(store.entries.size).toBe(0);
    expect(hub.stored.size).toBe(1);
    expect([...hub.stored.values()][0]?.code).toBe(receipt.checkInCode);
    const calls = hub.calls;
    await outbox.flush();
    expect(hub.calls).toBe(calls);
    expect(timers.pending).toBe(false);
  });

  it('keeps an intake whose reply was lost, and the retry of the same payload is stored once', async () => {
    const { store, hub, outbox } = setup();
    hub.loseReplies = true;
    await outbox.submit(intake());
    expect(hub.stored.size).toBe(1);
    expect(store.entries.size).toBe(1);
    await outbox.flush();
    expect(store.entries.size).toBe(1);
    hub.loseReplies = false;
    await outbox.flush();
    expect(store.entries.size).toBe(0);
    expect(hub.stored.size).toBe(1);
  });

  it('keeps an intake while its device is refused (re-pairing delivers it); drops one refused for good', async () => {
    const { store, hub, outbox } = setup();
    hub.up = false;
    await outbox.submit(intake());
    hub.up = true;
    hub.refuseWith = 'forbidden';
    await outbox.flush();
    expect(store.entries.size).toBe(1);
    hub.refuseWith = 'invalid_input';
    await outbox.flush();
    expect(store.entries.size).toBe(0);
  });

  it('sends it again when the hub took it but the entry could not be removed, still once on the hub', async () => {
    const { store, hub, outbox } = setup();
    hub.up = false;
    await outbox.submit(intake());
    hub.up = true;
    store.failRemove = true;
    await outbox.flush();
    store.failRemove = false;
    await outbox.flush();
    expect(store.entries.size).toBe(0);
    expect(hub.calls).toBe(3);
    expect(hub.stored.size).toBe(1);
  });

  it('a new page on the same storage (a reload, a reboot) delivers what the last one left, oldest first', async () => {
    const { store, hub, make } = setup();
    hub.up = false;
    const first = make();
    const a = intake('First Patient');
    const b = intake('Second Patient');
    await first.submit(a);
    await first.submit(b);
    first.stop();

    hub.up = true;
    const order: string[] = [];
    const afterReload = new Outbox({
      store,
      send: (s) => (order.push(s.patient.fullName), hub.send(s)),
      warns: () => false,
      timers: new ManualTimers(),
    });
    await afterReload.flush();
    expect(order).toEqual(['First Patient', 'Second Patient']);
    expect(store.entries.size).toBe(0);
    expect(hub.stored.size).toBe(2);
  });

  it('deletes unsent an intake not taken in 30 days, the hub there or not; a younger one is delivered', async () => {
    const { store, hub } = setup();
    const day = 24 * 60 * 60_000;
    const start = Date.parse('2026-11-01T09:00:00Z');
    let now = start;
    const expired: [number, string][] = [];
    const sent: string[] = [];
    const outbox = new Outbox({
      store,
      send: (s) => (sent.push(s.patient.fullName), hub.send(s)),
      warns: () => false,
      timers: new ManualTimers(),
      now: () => new Date(now),
      onExpired: (count, oldestHeldAt) => expired.push([count, oldestHeldAt]),
    });
    hub.up = false;
    await outbox.submit(intake('Retired Tablet'));
    now += 20 * day;
    await outbox.submit(intake('Twenty Days Later'));
    // Thirty days on the first is still kept while the hub is away...
    now += 10 * day;
    await outbox.flush();
    expect(store.entries.size).toBe(2);
    // ...and one moment past them it goes without being sent, even with the hub back; the other is delivered.
    now += 1;
    hub.up = true;
    sent.length = 0;
    await outbox.flush();
    expect(expired).toEqual([[1, new Date(start).toISOString()]]);
    expect(sent).toEqual(['Twenty Days Later']);
    expect(store.entries.size).toBe(0);
    expect(hub.stored.size).toBe(1);
    expect(HELD_INTAKE_MAX_AGE_MS).toBe(30 * day);
  });

  it('takes an intake held while a delivery pass is under way into that pass', async () => {
    const { store, hub, timers, outbox } = setup();
    hub.up = false;
    await outbox.submit(intake());
    hub.up = true;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = hub.send;
    hub.send = async (s) => (await gate, slow(s));
    const pass = outbox.flush();
    // A second patient presses Send while the first intake is on its way; this one's own call fails.
    hub.up = false;
    const second = outbox.submit(intake());
    hub.up = true;
    release();
    await second;
    await pass;
    await outbox.settled();
    expect(store.entries.size).toBe(0);
    expect(hub.stored.size).toBe(2);
    expect(timers.pending).toBe(false);
  });

  it('makes the same check-in code for the same submission, from the check-in alphabet', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = `id-${i}-abcdefghijklmnop`;
      expect(checkInCodeFor(id)).toBe(checkInCodeFor(id));
      expect(checkInCodeFor(id)).toMatch(CHECK_IN_PATTERN);
      codes.add(checkInCodeFor(id));
    }
    expect(codes.size).toBeGreaterThan(190);
  });
});
