import { randomInt } from 'node:crypto';
import { CHECK_IN_ALPHABET, CHECK_IN_LENGTH } from '../core/vocabulary';

/** Random tries at one length before the code grows a character: a busy day never spins the main thread. */
export const TRIES_PER_LENGTH = 32;
const MAX_EXTRA_LENGTH = 4;

/**
 * A code not yet used today. Four characters almost always; when that many tries all collide (a day with a great many
 * codes, or a broken `isTaken`), one character longer, up to four more, then it gives up with an error.
 */
export function newCheckInCode(isTaken: (code: string) => boolean): string {
  for (let length = CHECK_IN_LENGTH; length <= CHECK_IN_LENGTH + MAX_EXTRA_LENGTH; length++) {
    for (let attempt = 0; attempt < TRIES_PER_LENGTH; attempt++) {
      let code = '';
      for (let i = 0; i < length; i++) code += CHECK_IN_ALPHABET[randomInt(CHECK_IN_ALPHABET.length)];
      if (!isTaken(code)) return code;
    }
  }
  throw new Error('No free check-in code could be found.');
}
