/**
 * A desktop kiosk station's outbox: a finished intake the hub could not take is kept in a small SQLite file in
 * userData (mode 0600), delivered with backoff, and deleted only once the hub has acknowledged it. Each intake carries
 * the submission id and check-in code made on this station, so a delivery repeated after a lost reply is stored once
 * by the hub (api/submission-once.ts) and the patient's code stays the one they were shown when it is free.
 * Deleted rows are overwritten (secure_delete) and there is no write-ahead log left behind, so nothing of one patient
 * stays on the kiosk after delivery. The same file keeps the last intake form and kiosk settings the hub sent, so the
 * next patient can still start while the hub is away (also after a restart). An intake the hub has not taken in 30
 * days is deleted unsent (core/held-intake.ts).
 */
import { backoffDelay } from '../core/backoff';
import { HELD_INTAKE_MAX_AGE_MS, heldForMs, keepsExpiredReport } from '../core/held-intake';
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ApiResult } from '../api/errors';
import { intakeSubmissionSchema, type IntakeSubmission } from '../api/schemas';
import type { SubmitReceipt } from '../api/types';
import type { Logger } from '../core/log';

export const OUTBOX_FILE = 'outbox.db';

/** An intake ready to deliver: the station has given it its id and check-in code. */
export type HeldSubmission = IntakeSubmission & { submissionId: string; checkInCode: string };

export interface HeldRow {
  submission: HeldSubmission;
  heldAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

interface RawRow {
  submission_id: string;
  payload: string;
  held_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

export class Outbox {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string, options: { nativeBinding?: string } = {}): Outbox {
    // Made 0600 before SQLite opens it; SQLite gives its journal the same mode.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
    const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    try {
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.exec(`CREATE TABLE IF NOT EXISTS held (
        submission_id TEXT PRIMARY KEY,
        payload TEXT NOT NULL,
        held_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT
      ) STRICT`);
      // What the kiosk screen needs before a patient starts (the form, the kiosk settings): no patient data.
      db.exec(`CREATE TABLE IF NOT EXISTS screen_cache (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`);
      // How many intakes were deleted unsent, not yet told to the hub (a count and a time: no patient data).
      db.exec(`CREATE TABLE IF NOT EXISTS expired_unreported (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        count INTEGER NOT NULL,
        oldest_held_at INTEGER NOT NULL
      ) STRICT`);
    } catch (e) {
      db.close();
      throw e;
    }
    return new Outbox(db);
  }

  /** Keeps an intake (once: holding the same id again changes nothing). */
  hold(submission: HeldSubmission, now: number): void {
    this.db
      .prepare(
        `INSERT INTO held (submission_id, payload, held_at, next_attempt_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (submission_id) DO NOTHING`,
      )
      .run(submission.submissionId, JSON.stringify(submission), now, now);
  }

  find(submissionId: string): HeldRow | null {
    const row = this.db.prepare('SELECT * FROM held WHERE submission_id = ?').get(submissionId) as RawRow | undefined;
    return row ? toHeld(row) : null;
  }

  /** Oldest first. A row whose payload no longer parses is skipped, never sent or deleted (see `count`). */
  due(now: number): HeldRow[] {
    const rows = this.db
      .prepare('SELECT * FROM held WHERE next_attempt_at <= ? ORDER BY held_at, submission_id')
      .all(now) as RawRow[];
    return rows.map(toHeld).filter((r): r is HeldRow => r !== null);
  }

  /** When the next row is due, or null when the outbox is empty. */
  nextDueAt(): number | null {
    const row = this.db.prepare('SELECT MIN(next_attempt_at) AS at FROM held').get() as { at: number | null };
    return row.at;
  }

  postpone(submissionId: string, nextAttemptAt: number, error: string): void {
    this.db
      .prepare('UPDATE held SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE submission_id = ?')
      .run(nextAttemptAt, error.slice(0, 200), submissionId);
  }

  /**
   * Deletes, unsent, what was held too long for the hub to take (core/held-intake.ts); how many went. They are
   * counted, with the oldest one's time, until the hub has been told (expiredUnreported, reported).
   */
  expire(now: number): number {
    return this.db.transaction(() => {
      const cutoff = now - HELD_INTAKE_MAX_AGE_MS;
      const gone = this.db
        .prepare('SELECT count(*) AS n, min(held_at) AS oldest FROM held WHERE held_at < ?')
        .get(cutoff) as { n: number; oldest: number | null };
      if (gone.n === 0 || gone.oldest === null) return 0;
      this.db.prepare('DELETE FROM held WHERE held_at < ?').run(cutoff);
      this.db
        .prepare(
          `INSERT INTO expired_unreported (only_row, count, oldest_held_at) VALUES (1, ?, ?)
           ON CONFLICT (only_row) DO UPDATE SET count = count + excluded.count,
             oldest_held_at = min(oldest_held_at, excluded.oldest_held_at)`,
        )
        .run(gone.n, gone.oldest);
      return gone.n;
    })();
  }

  /** Intakes deleted unsent that the hub has not been told of yet, or null. */
  expiredUnreported(): { count: number; oldestHeldAt: number } | null {
    const row = this.db.prepare('SELECT count, oldest_held_at FROM expired_unreported').get() as
      { count: number; oldest_held_at: number } | undefined;
    return row ? { count: row.count, oldestHeldAt: row.oldest_held_at } : null;
  }

  /** The hub recorded `count` of them: those are no longer to tell (any deleted since stay). */
  reported(count: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE expired_unreported SET count = count - ?').run(count);
      this.db.prepare('DELETE FROM expired_unreported WHERE count <= 0').run();
    })();
  }

  /** The hub acknowledged it: gone from this machine. */
  delivered(submissionId: string): void {
    this.db.prepare('DELETE FROM held WHERE submission_id = ?').run(submissionId);
  }

  /** The last answer the hub gave to a kiosk screen's question (intake.form, kiosk.settings), for an outage. */
  cached(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM screen_cache WHERE key = ?').get(key) as
      { value: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as unknown;
    } catch {
      return undefined;
    }
  }

  remember(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO screen_cache (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM held').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}

function toHeld(row: RawRow): HeldRow | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.payload);
  } catch {
    return null;
  }
  const checked = intakeSubmissionSchema.safeParse(parsed);
  if (!checked.success || !checked.data.submissionId || !checked.data.checkInCode) return null;
  return {
    submission: checked.data as HeldSubmission,
    heldAt: row.held_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
  };
}

export interface CourierOptions {
  outbox: Outbox;
  /**
   * Sends one intake to the hub (the station's remote dispatch of `intake.submit`), with how long it has been held
   * here (core/held-intake.ts), so the hub files it under the time the patient finished.
   */
  send(submission: HeldSubmission, heldForMs: number): Promise<ApiResult<unknown>>;
  now?: () => number;
  /** First retry after this long, doubling up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
  onDelivered?(submissionId: string, receipt: SubmitReceipt): void;
  /** Intakes were deleted unsent, held longer than the hub could take them (core/held-intake.ts). */
  onExpired?(count: number): void;
  /** Tells the hub how many intakes were deleted unsent and since when (`kiosk.heldExpired`). */
  report?(expired: { count: number; oldestHeldAt: string }): Promise<ApiResult<unknown>>;
  logger?: Logger;
}

export const COURIER_MIN_DELAY_MS = 2_000;
export const COURIER_MAX_DELAY_MS = 60_000;

/**
 * Delivers the outbox in the background: one pass at a time, oldest first, a timer for the next row due. `kick()`
 * runs a pass now (a new intake was held, or the hub is back).
 */
export class OutboxCourier {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** After the hub said "unavailable": no row is tried before this, so one outage is one failed request per wait. */
  private pausedUntil = 0;
  private readonly now: () => number;
  private readonly min: number;
  private readonly max: number;

  constructor(private readonly options: CourierOptions) {
    this.now = options.now ?? Date.now;
    this.min = options.minDelayMs ?? COURIER_MIN_DELAY_MS;
    this.max = options.maxDelayMs ?? COURIER_MAX_DELAY_MS;
  }

  start(): void {
    this.stopped = false;
    void this.kick();
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  /** Runs a pass now, or right after the one under way. Resolves when the outbox has nothing due. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return this.runPass();
  }

  /** The hub is back (the event stream reconnected, a call went through): try the outbox now, not after the wait. */
  resume(): Promise<void> {
    this.pausedUntil = 0;
    return this.kick();
  }

  private runPass(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
      this.schedule();
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const { outbox, logger } = this.options;
    // Before the pause: a hub gone for good is exactly when nothing else runs here.
    const expired = outbox.expire(this.now());
    if (expired > 0) {
      logger?.warn('station.outbox-expired', { count: expired });
      this.options.onExpired?.(expired);
    }
    if (this.now() < this.pausedUntil) return;
    for (const row of outbox.due(this.now())) {
      if (this.stopped) return;
      let result: ApiResult<unknown>;
      try {
        result = await this.options.send(row.submission, heldForMs(row.heldAt, this.now()));
      } catch (e) {
        result = { ok: false, error: { code: 'unavailable', message: e instanceof Error ? e.message : String(e) } };
      }
      if (result.ok) {
        outbox.delivered(row.submission.submissionId);
        logger?.info('station.outbox-delivered', { attempts: row.attempts + 1 });
        this.options.onDelivered?.(row.submission.submissionId, result.value as SubmitReceipt);
        continue;
      }
      const retryAt = result.error.retryAt ? Date.parse(result.error.retryAt) : NaN;
      const next = Math.max(
        this.now() + backoffDelay(row.attempts, this.min, this.max),
        Number.isNaN(retryAt) ? 0 : retryAt,
      );
      // Anything but "unavailable" will not fix itself soon (a revoked station, a refused intake): it stays, slowly.
      outbox.postpone(
        row.submission.submissionId,
        result.error.code === 'unavailable' ? next : this.now() + this.max,
        result.error.code,
      );
      if (result.error.code !== 'unavailable')
        logger?.warn('station.outbox-refused', { code: result.error.code, attempts: row.attempts + 1 });
      // The hub is not taking intakes now: the later rows would fail the same way; try them after the same wait.
      if (result.error.code === 'unavailable') {
        this.pausedUntil = next;
        return;
      }
    }
    await this.tellExpired();
  }

  /**
   * After a pass the hub answered: tells it of intakes deleted unsent. Kept for the next pass when the hub is away or
   * does not know the method yet (an older hub); dropped only once recorded or refused for good.
   */
  private async tellExpired(): Promise<void> {
    const { outbox, report } = this.options;
    const expired = outbox.expiredUnreported();
    if (!expired || !report || this.stopped) return;
    let result: ApiResult<unknown>;
    try {
      result = await report({ count: expired.count, oldestHeldAt: new Date(expired.oldestHeldAt).toISOString() });
    } catch {
      return;
    }
    if (result.ok || !keepsExpiredReport(result.error.code)) outbox.reported(expired.count);
  }

  private schedule(): void {
    if (this.stopped) return;
    const due = this.options.outbox.nextDueAt();
    if (due === null) return;
    const at = Math.max(due, this.pausedUntil);
    this.timer = setTimeout(() => void this.kick(), Math.max(0, at - this.now()));
    this.timer.unref?.();
  }
}
