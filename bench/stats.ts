/** Order statistics over repeated timings. Medians, because one slow run on a shared machine says little. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The sum of one figure over several projects (each a median), or undefined when any of them lacks it. */
export function sumOf<T>(items: readonly T[], pick: (item: T) => number | undefined): number | undefined {
  let total = 0;
  for (const item of items) {
    const value = pick(item);
    if (value === undefined) return undefined;
    total += value;
  }
  return total;
}
