/** A reproducible random sample: the same seed and input give the same items, in input order. */
export function seededSample<T>(items: readonly T[], size: number, seed: number): T[] {
  if (items.length <= size) return [...items];
  const random = mulberry32(seed);
  const indexes = items.map((_, index) => index);
  // Partial Fisher-Yates: the first `size` slots end up a uniform sample.
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
  }
  return indexes
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((index) => items[index]);
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
