/** Names and notes: what cannot be stored is refused with a sentence that says why, through the real contract. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, loadVignettes, submissionFor, type TestCore } from '../support/core';
import { textProblem } from '../../src-main/api/schemas';

let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore();
});
afterEach(() => t.dispose());

describe('typed text', () => {
  it.each([
    ['an unpaired high surrogate', 'Ana \uD83D Ruiz', /broken character/],
    ['an unpaired low surrogate', 'Ana \uDE00 Ruiz', /broken character/],
    ['a right-to-left override', 'Ana \u202Ezeri\u202C', /text-direction/],
    ['a directional isolate', 'Ana \u2067Ruiz\u2069', /text-direction/],
    ['a C1 control', 'Ana\u0085Ruiz', /control characters/],
    ['a NUL', 'Ana\u0000Ruiz', /control characters/],
  ])('a patient name with %s is refused by the kiosk contract with a clear message', async (_what, name, message) => {
    const v = loadVignettes()[0]!;
    const r = await t.call(t.kiosk, 'intake.submit', submissionFor(v, '2026-11-26', name));
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const fields = r.ok ? [] : (r.error.fields ?? []);
    expect(fields.find((f) => f.path === 'patient.fullName')?.message).toMatch(message);
  });

  it('real names in any script, with emoji and combining marks, are fine', async () => {
    for (const name of ['Zoë Núñez', '王小明', 'محمد علي', 'Đặng Thị Ngọc', 'Sam 😀 Lee', 'Noe\u0308l'])
      expect(textProblem(name.normalize('NFC')), name).toBeNull();
    const r = await t.call(t.kiosk, 'intake.submit', submissionFor(loadVignettes()[0]!, '2026-11-26', '王小明'));
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });
});
