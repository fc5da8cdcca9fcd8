import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src-main/core/backoff';

describe('backoffDelay', () => {
  it('starts at the first wait and doubles up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 10, 100].map((a) => backoffDelay(a, 2_000, 60_000))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('with jitter spreads each wait over [d/2, d)', () => {
    expect(backoffDelay(0, 2_000, 60_000, () => 0)).toBe(1_000);
    expect(backoffDelay(3, 2_000, 60_000, () => 0.5)).toBe(12_000);
    expect(backoffDelay(0, 2_000, 60_000, () => 0.999)).toBeLessThan(2_000);
    expect(backoffDelay(40, 2_000, 60_000, () => 0)).toBe(30_000);
    expect(backoffDelay(40, 2_000, 60_000, () => 0.999)).toBeLessThan(60_000);
  });
});
