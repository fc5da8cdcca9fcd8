import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L, 5/S, 2/Z: a code read aloud or from a screen is not mistaken.
const ALPHABET = '346789ACDEFGHJKMNPQRTUVWXY';

export function newCheckInCode(isTaken: (code: string) => boolean): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < 4; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    if (!isTaken(code)) return code;
  }
}
