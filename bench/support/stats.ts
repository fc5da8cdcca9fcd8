/** The p-quantile (0..1) of a list by the nearest-rank rule the benchmarks report; NaN for an empty list. */
export function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}
