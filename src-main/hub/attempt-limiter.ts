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
  private globalFailures: number[] = [];

  constructor(
    private readonly options: LimiterOptions,
    private readonly now: () => number = Date.now,
  ) {}

  private prune(t: number): void {
    const since = t - this.options.windowMs;
    this.globalFailures = this.globalFailures.filter((x) => x > since);
    for (const [address, times] of this.byAddress) {
      const kept = times.filter((x) => x > since);
      if (kept.length === 0) this.byAddress.delete(address);
      else this.byAddress.set(address, kept);
    }
  }

  check(address: string): LimitCheck {
    const t = this.now();
    this.prune(t);
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
    this.prune(t);
    const mine = this.byAddress.get(address) ?? [];
    mine.push(t);
    this.byAddress.set(address, mine);
    this.globalFailures.push(t);
    return mine.length === this.options.perAddress || this.globalFailures.length === this.options.global;
  }
}
