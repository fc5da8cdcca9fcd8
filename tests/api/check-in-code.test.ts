import { describe, expect, it } from 'vitest';
import { newCheckInCode, TRIES_PER_LENGTH } from '../../src-main/api/check-in-code';
import { CHECK_IN_LENGTH, CHECK_IN_PATTERN } from '../../src-main/core/vocabulary';

describe('check-in codes', () => {
  it('are four characters of the check-in alphabet while they are free', () => {
    expect(newCheckInCode(() => false)).toMatch(CHECK_IN_PATTERN);
  });

  it('grow one character after a bounded number of collisions instead of searching for ever', () => {
    let tries = 0;
    const code = newCheckInCode((c) => {
      tries++;
      return c.length === CHECK_IN_LENGTH;
    });
    expect(code).toHaveLength(CHECK_IN_LENGTH + 1);
    expect(tries).toBe(TRIES_PER_LENGTH + 1);
  });

  it('give up with an error when nothing is ever free', () => {
    let tries = 0;
    expect(() =>
      newCheckInCode(() => {
        tries++;
        return true;
      }),
    ).toThrow(/No free check-in code/);
    expect(tries).toBeLessThanOrEqual(TRIES_PER_LENGTH * 5);
  });
});
