/**
 * The kiosk's outbox in a browser: a finished intake the hub could not be reached for is kept on this device and
 * delivered when the hub is back, exactly once, so a patient who pressed Send never has to answer again.
 *
 * - Held only when retrying can succeed (the hub out of reach, a gateway error, `unavailable`). Refusals that no
 *   retry changes (`invalid_input`, `conflict`, `forbidden`) reach the visit as before.
 * - Every intake goes with a check-in code made on this station from its submission id, so the code the patient is
 *   shown while held is the one the hub keeps (when free that day), and a retry carries exactly the same payload: the
 *   hub stores a submission id once and answers a retry with the first receipt.
 * - An entry is removed only once the hub has answered it for good: stored (ok), or refused in a way no retry can
 *   change (`invalid_input`, `conflict`). Anything else keeps it: unreachable, busy, a revoked device (re-pairing the
 *   tablet delivers it).
 * - Retries back off from 2 s doubling to 60 s with jitter, and run at once when asked (page start, `online`).
 * - An entry the hub has not taken in 30 days is deleted unsent (src-main/core/held-intake.ts): a tablet retired
 *   while the hub was away does not keep a patient's answers for ever.
 *
 * Storage, sender and timers are injected: the browser wiring is in intake-outbox.ts, the rules are tested under Node
 * (tests/renderer/outbox.test.ts). Nothing here reaches the screen.
 */
import { backoffDelay } from '../../src-main/core/backoff';
import { heldForMs, heldTooLong } from '../../src-main/core/held-intake';
import type { ApiErrorBody, ApiErrorCode, ApiResult } from '../../src-main/api/errors';
import type { IntakeSubmission } from '../../src-main/api/schemas';
import type { SubmitReceipt } from '../../src-main/api/types';
import { CHECK_IN_ALPHABET, CHECK_IN_LENGTH } from '../../src-main/core/vocabulary';
import { ApiCallError } from './api-error';

/** An intake waiting for the hub, exactly as it will be sent (with its submission id and check-in code). */
export interface HeldIntake {
  submissionId: string;
  submission: IntakeSubmission & { submissionId: string; checkInCode: string };
  /** ISO-8601 UTC: when the patient pressed Send. */
  heldAt: string;
}

/** Durable storage for held intakes (IndexedDB in the browser: outbox-idb.ts). */
export interface OutboxStore {
  put(entry: HeldIntake): Promise<void>;
  remove(submissionId: string): Promise<void>;
  list(): Promise<HeldIntake[]>;
}

/**
 * Sends one intake; `heldForMs` (how long it waited here, src-main/core/held-intake.ts) only for a held one, so the
 * hub files it under the time the patient finished.
 */
export type SendIntake = (submission: IntakeSubmission, heldForMs?: number) => Promise<ApiResult<SubmitReceipt>>;

export interface OutboxTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface OutboxOptions {
  store: OutboxStore;
  send: SendIntake;
  /** The kiosk's own reading of the warning-sign answers, for a held receipt (the hub's triage cannot run). */
  warns(submission: IntakeSubmission): boolean;
  timers?: OutboxTimers;
  /** In [0, 1): spreads the retries of many kiosks after a hub restart. */
  random?: () => number;
  now?: () => Date;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Entries were deleted unsent, held longer than the hub could take them; when the oldest was held. */
  onExpired?(count: number, oldestHeldAt: string): void;
}

export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 60_000;

/** Worth keeping the intake for: the hub may take it later. */
const HOLD: ReadonlySet<ApiErrorCode> = new Set(['unavailable']);
/** The hub has answered a held intake for good: keeping it could never deliver it. */
const FINAL: ReadonlySet<ApiErrorCode> = new Set(['invalid_input', 'conflict']);

const UNREACHABLE: ApiErrorBody = { code: 'unavailable', message: 'The hub could not be reached.' };

/**
 * The station's check-in code for a submission, made from its id (FNV-1a per position), so the same submission always
 * carries the same code: a retry after a lost reply is byte-for-byte the first attempt.
 */
export function checkInCodeFor(submissionId: string): string {
  let code = '';
  for (let i = 0; i < CHECK_IN_LENGTH; i++) {
    let h = 0x811c9dc5 ^ i;
    for (let j = 0; j < submissionId.length; j++) h = Math.imul(h ^ submissionId.charCodeAt(j), 0x01000193);
    code += CHECK_IN_ALPHABET[(h >>> 0) % CHECK_IN_ALPHABET.length];
  }
  return code;
}

export class Outbox {
  readonly #o: OutboxOptions;
  readonly #timers: OutboxTimers;
  #attempt = 0;
  #timer: unknown = null;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(options: OutboxOptions) {
    this.#o = options;
    this.#timers = options.timers ?? {
      set: (run, ms) => setTimeout(run, ms),
      clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
  }

  /**
   * intake.submit for the kiosk: the hub's receipt when it answers, a held receipt when it cannot be reached and the
   * intake is safely stored here; a refusal (or an intake that could not be stored) is thrown as before.
   */
  async submit(submission: IntakeSubmission): Promise<SubmitReceipt> {
    const id = submission.submissionId;
    // Without an id a retry could be stored twice: such an intake is sent as it is and never held.
    if (!id) return this.#receiptOrThrow(await this.#sendSafely(submission));
    const outgoing = { ...submission, submissionId: id, checkInCode: submission.checkInCode ?? checkInCodeFor(id) };
    const result = await this.#sendSafely(outgoing);
    if (result.ok || !HOLD.has(result.error.code)) return this.#receiptOrThrow(result);
    const entry: HeldIntake = {
      submissionId: id,
      submission: outgoing,
      heldAt: this.#now().toISOString(),
    };
    try {
      await this.#o.store.put(entry);
    } catch {
      // Not stored, so not promised: the patient keeps their answers on screen and may try again.
      throw new ApiCallError(result.error);
    }
    this.#scheduleIfIdle();
    return { checkInCode: entry.submission.checkInCode, seeFrontDesk: this.#o.warns(entry.submission), held: true };
  }

  /** Tries every held intake now (page start, `online`, a timer). Concurrent calls share one pass. */
  flush(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#cancelTimer();
    this.#running = this.#pass().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Resolves when the delivery pass under way (if any) has ended. */
  settled(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  /** Stops the retry timer (tests; a page going away stops it anyway). */
  stop(): void {
    this.#cancelTimer();
  }

  async #pass(): Promise<void> {
    let left: boolean;
    do {
      this.#again = false;
      left = !(await this.#deliverAll());
    } while (this.#again && !left);
    if (left) this.#retryLater();
    else this.#attempt = 0;
  }

  /** True when nothing is left to deliver. Stops at the first intake the hub does not take: it is likely down. */
  async #deliverAll(): Promise<boolean> {
    let entries: HeldIntake[];
    try {
      entries = await this.#o.store.list();
    } catch {
      return false;
    }
    entries.sort((a, b) => a.heldAt.localeCompare(b.heldAt));
    const now = this.#now().getTime();
    const tooOld = (e: HeldIntake) => heldTooLong(Date.parse(e.heldAt), now);
    // Deleted unsent before anything is tried: a hub that never comes back is when nothing else happens here.
    let expired = 0;
    let oldest = '';
    let allExpiredGone = true;
    for (const entry of entries.filter(tooOld)) {
      try {
        await this.#o.store.remove(entry.submissionId);
        expired += 1;
        oldest ||= entry.heldAt;
      } catch {
        allExpiredGone = false;
      }
    }
    if (expired > 0) this.#o.onExpired?.(expired, oldest);
    for (const entry of entries.filter((e) => !tooOld(e))) {
      const heldFor = heldForMs(Date.parse(entry.heldAt), this.#now().getTime());
      const result = await this.#sendSafely(entry.submission, heldFor);
      if (!result.ok && !FINAL.has(result.error.code)) return false;
      try {
        await this.#o.store.remove(entry.submissionId);
      } catch {
        // Sent again on the next pass: the hub answers a known submission id with its first receipt.
        return false;
      }
    }
    return allExpiredGone;
  }

  #now(): Date {
    return this.#o.now?.() ?? new Date();
  }

  #receiptOrThrow(result: ApiResult<SubmitReceipt>): SubmitReceipt {
    if (!result.ok) throw new ApiCallError(result.error);
    return result.value;
  }

  async #sendSafely(submission: IntakeSubmission, heldFor?: number): Promise<ApiResult<SubmitReceipt>> {
    try {
      return await (heldFor === undefined ? this.#o.send(submission) : this.#o.send(submission, heldFor));
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
  }

  /** A newly held intake: a pass under way takes it too; otherwise the next retry is planned if none is. */
  #scheduleIfIdle(): void {
    if (this.#running) this.#again = true;
    else if (this.#timer === null) this.#retryLater();
  }

  #retryLater(): void {
    this.#schedule(
      backoffDelay(
        this.#attempt,
        this.#o.firstDelayMs ?? FIRST_RETRY_MS,
        this.#o.maxDelayMs ?? MAX_RETRY_MS,
        this.#o.random ?? Math.random,
      ),
    );
    this.#attempt += 1;
  }

  #schedule(ms: number): void {
    this.#cancelTimer();
    this.#timer = this.#timers.set(() => {
      this.#timer = null;
      void this.flush();
    }, ms);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
  }
}
