/**
 * Counts failed attempts (wrong pairing codes) per address and across all addresses within a sliding window. Per
 * address stops one device guessing; the global cap stops many addresses on the LAN guessing together, at the price
 * of pausing pairing for everyone until the window passes. Memory stays bounded whatever the traffic.
 */
export interface LimiterOptions {
  perAddress: number;
  global: number;
  windowMs: number;
  /** Addresses tracked at once; beyond it every address counts as limited until old entries age out. */
  maxAddresses?: number;
}

export type LimitCheck = { allowed: true } | { allowed: false; retryAt: Date; scope: 'address' | 'global' };

export class AttemptLimiter {
  private readonly byAddress = new Map<string, number[]>();
  private readonly globalFailures: number[] = [];
  private lastSweep = -Infinity;

  constructor(
    private readonly options: LimiterOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Forgets what left the window. The caller's own times and the global ones on every call (cheap: times are kept in
   * the order they happened, so only the expired front goes); every address only each tenth of a window, or when the
   * table looks full, so a call stays cheap even when a high limit (--kiosk-submit-limit) keeps thousands of times.
   */
  private prune(t: number, address: string): void {
    const since = t - this.options.windowMs;
    dropUntil(this.globalFailures, since);
    const mine = this.byAddress.get(address);
    if (mine && dropUntil(mine, since) === 0) this.byAddress.delete(address);
    const full = this.byAddress.size >= (this.options.maxAddresses ?? 10_000);
    if (!full && t - this.lastSweep < this.options.windowMs / 10) return;
    this.lastSweep = t;
    for (const [a, times] of this.byAddress) if (dropUntil(times, since) === 0) this.byAddress.delete(a);
  }

  check(address: string): LimitCheck {
    const t = this.now();
    this.prune(t, address);
    const mine = this.byAddress.get(address) ?? [];
    if (mine.length >= this.options.perAddress)
      return { allowed: false, scope: 'address', retryAt: new Date((mine[0] ?? t) + this.options.windowMs) };
    const full = this.byAddress.size >= (this.options.maxAddresses ?? 10_000) && !this.byAddress.has(address);
    if (this.globalFailures.length >= this.options.global || full) {
      return {
        allowed: false,
        scope: 'global',
        retryAt: new Date((this.globalFailures[0] ?? t) + this.options.windowMs),
      };
    }
    return { allowed: true };
  }

  /** Records a failure; true when this one reached a limit (worth one audit row, not one per try). */
  fail(address: string): boolean {
    const t = this.now();
    this.prune(t, address);
    const mine = this.byAddress.get(address) ?? [];
    mine.push(t);
    this.byAddress.set(address, mine);
    this.globalFailures.push(t);
    return mine.length === this.options.perAddress || this.globalFailures.length === this.options.global;
  }
}

/** Removes the times at or before `since` from the front of an ascending list; how many are left. */
function dropUntil(times: number[], since: number): number {
  let expired = 0;
  while (expired < times.length && (times[expired] ?? Infinity) <= since) expired++;
  if (expired > 0) times.splice(0, expired);
  return times.length;
}
