/**
 * The two secrets of pairing. A pairing code is short enough to type on a tablet (8 characters, about 40 bits) and
 * lives 10 minutes, used once, behind a rate limit; a device credential is 32 random bytes. Both are stored as SHA-256:
 * they are random, not chosen by people, so a slow hash would add nothing.
 */
import { createHash, randomInt, randomBytes } from 'node:crypto';

export const PAIRING_CODE_TTL_MS = 10 * 60_000;
export const PAIRING_CODE_LENGTH = 8;
/** Crockford's base 32: no I, L, O or U, so nothing a person can misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE = new RegExp(`^[${ALPHABET}]{${PAIRING_CODE_LENGTH}}$`);

/** A new code, shown as `ABCD-EFGH`. */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed, as the code it must be: case, spaces and dashes ignored; O read as 0, I and L as 1.
 * Null if it cannot be a code.
 */
export function normalisePairingCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CODE.test(code) ? code : null;
}

export function newDeviceCredential(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const hashPairingCode = (normalised: string): string => hashSecret(`pairing-code:${normalised}`);
export const hashDeviceCredential = (credential: string): string => hashSecret(`device-credential:${credential}`);
