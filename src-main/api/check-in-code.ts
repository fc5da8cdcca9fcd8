import { randomInt } from 'node:crypto';
import { CHECK_IN_ALPHABET, CHECK_IN_LENGTH } from '../core/vocabulary';

export function newCheckInCode(isTaken: (code: string) => boolean): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < CHECK_IN_LENGTH; i++) code += CHECK_IN_ALPHABET[randomInt(CHECK_IN_ALPHABET.length)];
    if (!isTaken(code)) return code;
  }
}
