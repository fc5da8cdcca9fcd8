import { describe, expect, it } from 'vitest';
import { newPinProblem } from '../../src-main/core/pin-rules';

describe('new PIN rules', () => {
  it('an administrator needs at least 6 digits, a clinician 4', () => {
    expect(newPinProblem('2468', 'admin')).toMatch(/at least 6 digits/);
    expect(newPinProblem('24681', 'admin')).toMatch(/at least 6 digits/);
    expect(newPinProblem('246813', 'admin')).toBeNull();
    expect(newPinProblem('2468', 'clinician')).toBeNull();
  });

  it.each(['0000', '1111', '1234', '4321', '0123', '9876', '123456', '654321', '000000', '999999', '890123', '121212'])(
    'refuses %s',
    (pin) => expect(newPinProblem(pin, 'clinician')).toMatch(/too easy/),
  );

  it.each(['2468', '1357', '8642', '5827', '246813', '907314'])('accepts %s', (pin) =>
    expect(newPinProblem(pin, 'clinician')).toBeNull(),
  );
});
