import { describe, expect, it } from 'vitest';
import { createRecoveryTracker, isAbnormalExit } from '../../src-main/electron/recovery';

describe('renderer recovery', () => {
  const policy = { maxQuickReloads: 3, windowMs: 60_000, backoffMs: 5_000, maxDelayMs: 40_000 };

  it('reloads at once for the first few failures', () => {
    const t = createRecoveryTracker(policy);
    expect([t.nextReloadDelay(0), t.nextReloadDelay(1000), t.nextReloadDelay(2000)]).toEqual([0, 0, 0]);
  });

  it('backs off, doubling up to a ceiling, when failures keep coming', () => {
    const t = createRecoveryTracker(policy);
    for (let i = 0; i < 3; i++) t.nextReloadDelay(i);
    expect(t.nextReloadDelay(10)).toBe(5_000);
    expect(t.nextReloadDelay(20)).toBe(10_000);
    expect(t.nextReloadDelay(30)).toBe(20_000);
    expect(t.nextReloadDelay(40)).toBe(40_000);
    expect(t.nextReloadDelay(50)).toBe(40_000);
  });

  it('forgets failures older than the window', () => {
    const t = createRecoveryTracker(policy);
    for (let i = 0; i < 5; i++) t.nextReloadDelay(i);
    expect(t.nextReloadDelay(120_000)).toBe(0);
  });

  it('treats everything but a clean exit as a crash', () => {
    expect(isAbnormalExit('clean-exit')).toBe(false);
    for (const reason of ['crashed', 'killed', 'oom', 'abnormal-exit', 'launch-failed', 'integrity-failure']) {
      expect(isAbnormalExit(reason)).toBe(true);
    }
  });
});
