/**
 * Records how long each analysis took per KB of input and keeps the worst. The bound is a
 * generous guard against hangs (a quadratic walk, catastrophic backtracking), not a speed test:
 * speed is measured by the benchmarks.
 */
export const BASE_BOUND_MS = 2000;
export const BOUND_MS_PER_KB = 50;

export function boundFor(length: number): number {
  return BASE_BOUND_MS + BOUND_MS_PER_KB * (length / 1024);
}

export class WorstTime {
  private worst = { msPerKb: 0, ms: 0, kb: 0, what: "" };
  cases = 0;

  /** Times `run` and fails when it takes longer than the bound for this much text. */
  measure<T>(what: string, length: number, run: () => T): T {
    const start = performance.now();
    const result = run();
    const ms = performance.now() - start;
    this.cases++;
    const kb = Math.max(length, 1) / 1024;
    // Per-KB figures of tiny inputs are noise (a GC pause on 10 bytes); count at least 1 KB.
    const msPerKb = ms / Math.max(kb, 1);
    if (msPerKb > this.worst.msPerKb) this.worst = { msPerKb, ms, kb, what };
    if (ms > boundFor(length)) {
      throw new Error(`${what}: ${ms.toFixed(0)} ms for ${kb.toFixed(1)} KB exceeds the bound of ${boundFor(length).toFixed(0)} ms`);
    }
    return result;
  }

  summary(label: string): string {
    const w = this.worst;
    return `${label}: ${this.cases} cases; worst ${w.msPerKb.toFixed(2)} ms/KB (${w.ms.toFixed(0)} ms for ${w.kb.toFixed(1)} KB: ${w.what})`;
  }
}
