/** The kiosk outboxes' "held for" header as the hub reads it: whole milliseconds within the outbox limit, or absent. */
import { describe, expect, it } from 'vitest';
import { parseHeldFor } from '../../src-main/web/held-for-header';
import { HELD_INTAKE_MAX_AGE_MS, heldForMs } from '../../src-main/core/held-intake';

const DAY = 24 * 3_600_000;

describe('the held-for header', () => {
  it('absent is an intake that did not wait (or a kiosk older than the header)', () => {
    expect(parseHeldFor(undefined)).toEqual({ ok: true, ms: undefined });
  });

  it('takes whole milliseconds up to 31 days', () => {
    expect(parseHeldFor('0')).toEqual({ ok: true, ms: 0 });
    expect(parseHeldFor('7200000')).toEqual({ ok: true, ms: 7_200_000 });
    expect(parseHeldFor(String(HELD_INTAKE_MAX_AGE_MS + DAY))).toEqual({ ok: true, ms: HELD_INTAKE_MAX_AGE_MS + DAY });
  });

  it('refuses anything else rather than guessing', () => {
    for (const bad of [
      '',
      'soon',
      '-5',
      '1.5',
      '1e6',
      ' 60000',
      String(HELD_INTAKE_MAX_AGE_MS + DAY + 1),
      '9'.repeat(12),
    ])
      expect(parseHeldFor(bad), bad).toEqual({ ok: false });
    expect(parseHeldFor(['60000', '60000'])).toEqual({ ok: false });
  });

  it('a kiosk sends the time it held the intake, never negative and never past the outbox limit', () => {
    expect(heldForMs(1_000, 61_000)).toBe(60_000);
    expect(heldForMs(61_000, 1_000)).toBe(0); // the kiosk's clock went back while it held the intake
    expect(heldForMs(0, 90 * DAY)).toBe(HELD_INTAKE_MAX_AGE_MS);
    expect(heldForMs(Number.NaN, 1_000)).toBe(0);
  });
});
