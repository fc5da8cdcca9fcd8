import { describe, expect, it } from 'vitest';
import { decadeShortName, earlierRows, FIRST_SHOWN_YEAR, shownRows, yearRows } from '../../src-renderer/lib/dob';

describe('date of birth year table', () => {
  it('shows 1930 up to this year directly, oldest decade first, a row per decade with years by last digit', () => {
    const rows = shownRows(2026);
    expect(rows.map((r) => r.decade)).toEqual([1930, 1940, 1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020]);
    for (const r of rows) r.years.forEach((y, i) => expect(y === null || y === r.decade + i).toBe(true));
    expect(rows.find((r) => r.decade === 1980)?.years).toEqual([
      1980, 1981, 1982, 1983, 1984, 1985, 1986, 1987, 1988, 1989,
    ]);
  });

  it('never offers a year after this one, and keeps the empty cells so columns line up', () => {
    const last = shownRows(2026).at(-1);
    expect(last?.years).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, null, null, null]);
    expect(shownRows(2030).at(-1)?.years).toEqual([2030, null, null, null, null, null, null, null, null, null]);
    const offered = yearRows(2026)
      .flatMap((r) => r.years)
      .filter((y) => y !== null);
    expect(Math.max(...offered)).toBe(2026);
  });

  it('puts exactly 1900-1929 behind "Before 1930", so every year from 1900 is reachable once', () => {
    const hidden = earlierRows(2026).flatMap((r) => r.years);
    expect(hidden).toEqual(Array.from({ length: FIRST_SHOWN_YEAR - 1900 }, (_, i) => 1900 + i));
    const all = [...hidden, ...shownRows(2026).flatMap((r) => r.years)].filter((y) => y !== null);
    expect(all).toEqual(Array.from({ length: 2026 - 1900 + 1 }, (_, i) => 1900 + i));
  });

  it('names decades by two digits only where that is unambiguous', () => {
    expect(decadeShortName(1980)).toBe('80');
    expect(decadeShortName(1910)).toBe('10');
    expect(decadeShortName(1900)).toBe('1900');
    expect(decadeShortName(2000)).toBe('2000');
    expect(decadeShortName(2020)).toBe('2020');
  });
});
