/** PINs: scrypt with a per-clinician salt, compared in constant time; lockout grows with repeated failures. */
import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
// N=2^14 keeps an unlock under ~50 ms here while making offline guessing of a short PIN costly.
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

export function hashPin(pin: string, salt: string = randomBytes(16).toString('hex')): { hash: string; salt: string } {
  const hash = scryptSync(pin, salt, KEY_LENGTH, SCRYPT).toString('hex');
  return { hash, salt };
}

export function verifyPin(pin: string, salt: string, expectedHash: string): boolean {
  const actual = scryptSync(pin, salt, KEY_LENGTH, SCRYPT);
  const expected = Buffer.from(expectedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

export const FREE_ATTEMPTS = 5;
/**
 * Wrong PINs one paired device may send in a row, whichever clinicians they were for, before it waits too. Higher than
 * a clinician's own five, since a busy front desk is shared, but it stops one device trying every name in turn.
 */
export const DEVICE_FREE_ATTEMPTS = 10;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * After the fifth wrong PIN in a row the clinician waits 30 s, then 60 s, 2 min, ... up to an hour. Stored in the
 * database, so restarting the app does not reset it.
 */
export function lockoutUntil(failedAttempts: number, now: Date, freeAttempts: number = FREE_ATTEMPTS): Date | null {
  if (failedAttempts < freeAttempts) return null;
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failedAttempts - freeAttempts));
  return new Date(now.getTime() + delay);
}

/** Letters and digits that cannot be misread on paper (no 0/O, 1/I/L). */
const RECOVERY_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A recovery code: 16 characters (about 79 bits) in four groups, e.g. `K7QM-2XPD-9RWE-H4TA`. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** What a person typed, in the form it was hashed in: upper case, no spaces or dashes. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}
