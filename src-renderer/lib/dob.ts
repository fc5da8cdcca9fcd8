/** Date-of-birth picker arithmetic: which decades, years and days to offer, and the ISO date they make. */
export const EARLIEST_BIRTH_YEAR = 1900;
/** Years before this sit behind one "Before 1930" button: a 97-year-old pays one extra tap, everyone else sees less. */
export const FIRST_SHOWN_YEAR = 1930;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Decades from the most recent back to 1900 (most patients are adults: recent decades first is not needed). */
export function decades(thisYear: number): number[] {
  const out: number[] = [];
  for (let d = Math.floor(thisYear / 10) * 10; d >= EARLIEST_BIRTH_YEAR; d -= 10) out.push(d);
  return out.reverse();
}

/** One row of the year table: its decade and ten cells by last digit (null where the year is in the future). */
export interface DecadeRow {
  decade: number;
  years: (number | null)[];
}

/** The year table, oldest decade first, from `from` (a decade start) up to this year's decade. */
export function yearRows(thisYear: number, from: number = EARLIEST_BIRTH_YEAR, to: number = thisYear): DecadeRow[] {
  return decades(to)
    .filter((d) => d >= from)
    .map((decade) => ({
      decade,
      years: Array.from({ length: 10 }, (_, i) => (decade + i <= thisYear ? decade + i : null)),
    }));
}

/** Rows shown at once, and the rows behind "Before 1930". */
export function shownRows(thisYear: number): DecadeRow[] {
  return yearRows(thisYear, FIRST_SHOWN_YEAR);
}
export function earlierRows(thisYear: number): DecadeRow[] {
  return yearRows(thisYear, EARLIEST_BIRTH_YEAR, FIRST_SHOWN_YEAR - 1);
}

/**
 * The number a decade label uses in languages that say "the 80s" ("años 80"): two digits for 1910-1990, the full
 * year otherwise, so the 1900s and the 2000s never both read "00".
 */
export function decadeShortName(decade: number): string {
  return decade >= 1910 && decade < 2000 ? String(decade % 100) : String(decade);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseIso(iso: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

/** Month names in the patient's language (its Intl tag, e.g. fr-FR), January first. */
export function monthNames(intl: string, width: 'long' | 'short' = 'long'): string[] {
  const fmt = new Intl.DateTimeFormat(intl, { month: width, timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => {
    const name = fmt.format(new Date(Date.UTC(2001, i, 1)));
    return name.charAt(0).toLocaleUpperCase(intl) + name.slice(1);
  });
}

/** "12 April 1990" / "12 de abril de 1990" from the language's Intl tag: day first, never the ambiguous 04/12. */
export function formatDate(iso: string, intl: string): string {
  const p = parseIso(iso);
  if (!p) return iso;
  return new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(p.year, p.month - 1, p.day)),
  );
}
