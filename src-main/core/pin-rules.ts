/**
 * Rules for a PIN being set (first-run setup, a new clinician, a reset). Unlocking still accepts any 4 to 8 digits, so
 * a PIN set before these rules keeps working until an administrator resets it.
 */
import type { ClinicianRole } from './clinic';

/** An administrator's PIN opens every record and the clinic's settings: longer than a clinician's. */
export const MIN_PIN_DIGITS: Record<ClinicianRole, number> = { clinician: 4, admin: 6 };

/** PINs people pick first (keypad patterns, years, repeats), beyond the repeated and sequential ones caught below. */
const COMMON = new Set([
  '1212',
  '1122',
  '2580',
  '0852',
  '2000',
  '1313',
  '6969',
  '4321',
  '1010',
  '2020',
  '2021',
  '2022',
  '2023',
  '2024',
  '2025',
  '2026',
  '121212',
  '112233',
  '123123',
  '159753',
  '147258',
  '258456',
  '696969',
  '102030',
  '111222',
  '123321',
  '520520',
  '131313',
  '789456',
  '147852',
  '123654',
]);

/** Every digit the same, or each one step up or down from the last (0123, 9876, 789012 wraps too). */
function isRun(pin: string): boolean {
  const d = [...pin].map(Number);
  const steps = d.slice(1).map((x, i) => (x - d[i]! + 10) % 10);
  return steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === 9);
}

/** A sentence saying what is wrong with a new PIN for this role, or null when it is fine. */
export function newPinProblem(pin: string, role: ClinicianRole): string | null {
  const min = MIN_PIN_DIGITS[role];
  if (pin.length < min)
    return role === 'admin'
      ? `An administrator's PIN needs at least ${min} digits.`
      : `A PIN needs at least ${min} digits.`;
  const half = pin.length % 2 === 0 ? pin.slice(0, pin.length / 2) : null;
  if (isRun(pin) || COMMON.has(pin) || (half !== null && half.repeat(2) === pin && isRun(half)))
    return 'That PIN is too easy to guess (repeated, in sequence or very common). Choose another.';
  return null;
}
