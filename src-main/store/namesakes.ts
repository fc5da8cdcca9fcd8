/** Telling namesakes apart when a kiosk's name and date of birth match more than one patient record. */
import { phoneDigits } from './search';

/**
 * Of the records that share a kiosk's name and date of birth (oldest first), the one it is most likely to be: the
 * record whose phone has the digits typed at the kiosk, else the oldest. Once a clinician has told two namesakes apart
 * ("a different person" gives the second a record with the phone they typed), each comes back to their own record.
 * Both engines choose with this.
 */
export function likeliestNamesake(
  records: readonly { id: number; phone: string | null }[],
  kioskPhone: string | undefined,
): number | null {
  const digits = kioskPhone ? phoneDigits(kioskPhone) : null;
  const byPhone = digits ? records.find((r) => r.phone !== null && phoneDigits(r.phone) === digits) : undefined;
  return (byPhone ?? records[0])?.id ?? null;
}

/** Another record with the same name and birth date as a session's matched patient, as the identity check shows it. */
export interface NamesakeRow {
  id: number;
  phone: string | null;
  sessions: number;
  last_visit: string | null;
}

/** At most this many other records are offered; more would be a data problem for the records screen, not a choice. */
export const MAX_NAMESAKES = 10;
