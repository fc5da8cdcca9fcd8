/**
 * What to do when the kiosk renderer crashes or hangs: reload it to the welcome screen (a fresh page holds no
 * previous patient's answers), but back off when it keeps failing so a broken build does not spin the CPU.
 */
export interface RecoveryPolicy {
  /** Reloads allowed inside `windowMs` before backing off. */
  maxQuickReloads: number;
  windowMs: number;
  /** Delay once the quick reloads are used up; doubles per further failure up to maxDelayMs. */
  backoffMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = {
  maxQuickReloads: 3,
  windowMs: 60_000,
  backoffMs: 5_000,
  maxDelayMs: 300_000,
};

/** How long a hung renderer is given before it is treated like a crash. */
export const UNRESPONSIVE_GRACE_MS = 10_000;

export interface RecoveryTracker {
  /** Records a failure at `now` and returns how long to wait before reloading. */
  nextReloadDelay(now: number): number;
}

export function createRecoveryTracker(policy: RecoveryPolicy = DEFAULT_RECOVERY_POLICY): RecoveryTracker {
  let failures: number[] = [];
  return {
    nextReloadDelay(now) {
      failures = failures.filter((t) => now - t < policy.windowMs);
      failures.push(now);
      const excess = failures.length - policy.maxQuickReloads;
      if (excess <= 0) return 0;
      return Math.min(policy.maxDelayMs, policy.backoffMs * 2 ** (excess - 1));
    },
  };
}

/** Reasons from render-process-gone that mean the renderer did not simply exit normally. */
export function isAbnormalExit(reason: string): boolean {
  return reason !== 'clean-exit';
}
