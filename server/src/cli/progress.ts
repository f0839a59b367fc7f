/**
 * A progress bar on stderr for long runs: only on a terminal, only once the run has taken more
 * than a second (short runs stay quiet), redrawn at most ten times a second, erased at the end
 * so the report starts on a clean line.
 */
export class ProgressBar {
  private done = 0;
  private shown = false;
  private lastDraw = 0;
  private readonly started: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly total: number,
    private readonly stream: { isTTY?: boolean; columns?: number; write(text: string): unknown },
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    // Workers report in batches; the timer keeps the bar moving while the main thread is idle.
    if (this.enabled) {
      this.timer = setInterval(() => this.draw(), 250);
      this.timer.unref();
    }
  }

  advance(count: number): void {
    this.done += count;
    this.draw();
  }

  finish(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.shown) this.stream.write("\r\u001b[2K");
    this.shown = false;
  }

  private draw(): void {
    if (!this.enabled) return;
    const now = this.now();
    if (now - this.started < 1000 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const label = ` ${this.done}/${this.total} files`;
    const width = Math.max(10, Math.min(40, (this.stream.columns || 80) - label.length - 4));
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    this.stream.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}]${label}`);
    this.shown = true;
  }
}
