/**
 * Intakes the browser kiosk's outbox deleted unsent (src-main/core/held-intake.ts), kept as a count and a time (no
 * patient data) until a hub records them with `kiosk.heldExpired`, so the clinic learns that answers were lost. The
 * storage (localStorage in the browser, intake-outbox.ts) and the sender are injected; tested under Node.
 */
import type { ApiResult } from '../../src-main/api/errors';
import { keepsExpiredReport } from '../../src-main/core/held-intake';

export interface ExpiredReport {
  count: number;
  /** ISO-8601: when the oldest of them was held. */
  oldestHeldAt: string;
}

export interface ReportStorage {
  get(): string | null;
  set(value: string): void;
  remove(): void;
}

export class ExpiredReports {
  #sending = false;
  /** Deleted while a report was on its way, exactly: what is left to tell once the hub has recorded it. */
  #sinceSent: ExpiredReport | null = null;

  constructor(
    private readonly storage: ReportStorage,
    private readonly send: (report: ExpiredReport) => Promise<ApiResult<unknown>>,
  ) {}

  /** What is still to tell, or null (also for storage that no longer parses: a count we cannot trust). */
  pending(): ExpiredReport | null {
    try {
      const value = JSON.parse(this.storage.get() ?? 'null') as Partial<ExpiredReport> | null;
      const ok =
        value && Number.isInteger(value.count) && (value.count ?? 0) > 0 && typeof value.oldestHeldAt === 'string';
      return ok ? { count: value.count!, oldestHeldAt: value.oldestHeldAt! } : null;
    } catch {
      return null;
    }
  }

  add(count: number, oldestHeldAt: string): void {
    const before = this.pending();
    const oldest = before && before.oldestHeldAt < oldestHeldAt ? before.oldestHeldAt : oldestHeldAt;
    this.#write({ count: (before?.count ?? 0) + count, oldestHeldAt: oldest });
    if (this.#sending) {
      const since = this.#sinceSent;
      const sinceOldest = since && since.oldestHeldAt < oldestHeldAt ? since.oldestHeldAt : oldestHeldAt;
      this.#sinceSent = { count: (since?.count ?? 0) + count, oldestHeldAt: sinceOldest };
    }
  }

  /** Tells the hub, if there is anything to tell; kept for later when the hub cannot record it now. */
  async tell(): Promise<void> {
    const report = this.pending();
    if (!report || this.#sending) return;
    this.#sending = true;
    try {
      const result = await this.send(report);
      if (!result.ok && keepsExpiredReport(result.error.code)) return;
      // Deleted while the report was on its way: those stay to tell next time, with their own oldest time when this
      // page deleted them all (another page writing the same storage leaves the earlier, cautious time).
      const now = this.pending();
      const left = (now?.count ?? 0) - report.count;
      const since = this.#sinceSent;
      const oldest = since && since.count === left ? since.oldestHeldAt : now?.oldestHeldAt;
      if (now && left > 0 && oldest) this.#write({ count: left, oldestHeldAt: oldest });
      else this.storage.remove();
    } catch {
      // Unreachable: kept.
    } finally {
      this.#sending = false;
      this.#sinceSent = null;
    }
  }

  #write(report: ExpiredReport): void {
    try {
      this.storage.set(JSON.stringify(report));
    } catch {
      // Storage full or blocked: the count is lost, as nothing else on the tablet could keep it.
    }
  }
}
