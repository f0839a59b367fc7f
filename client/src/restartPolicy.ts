/**
 * When the server process dies, whether to start it again, and what to tell the user. Kept apart
 * from VS Code so that it can be tested: the extension feeds it the clock and shows what it says.
 *
 * A crash is restarted up to `maxRestarts` times within `windowMs`; the user hears about it
 * once (the first restart of the session), further restarts only go to the log, and when the
 * budget is spent the user is told once that the server stays stopped and how to start it again.
 * Running the restart command by hand gives a fresh budget.
 */
export interface RestartDecision {
  restart: boolean;
  /** A line for the output channel, every time. */
  log: string;
  /** A message to show the user, or undefined to stay quiet. */
  notify?: { severity: "warning" | "error"; message: string };
}

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class RestartPolicy {
  private crashes: number[] = [];
  private toldAboutRestart = false;

  constructor(
    private readonly maxRestarts = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** The server's connection closed without being asked to: decide what happens next. */
  serverClosed(now: number): RestartDecision {
    this.crashes.push(now);
    this.crashes = this.crashes.filter((time) => now - time <= this.windowMs);
    const count = this.crashes.length;
    if (count <= this.maxRestarts) {
      const decision: RestartDecision = { restart: true, log: `asynclint: the server stopped; restarting (${count}/${this.maxRestarts}).` };
      if (!this.toldAboutRestart) {
        this.toldAboutRestart = true;
        decision.notify = { severity: "warning", message: `asynclint: the server stopped unexpectedly and was restarted. Details are in the "asynclint" output.` };
      }
      return decision;
    }
    const minutes = Math.round(this.windowMs / 60000);
    return {
      restart: false,
      log: `asynclint: the server stopped ${count} times in ${minutes} minutes; not restarting it.`,
      notify: {
        severity: "error",
        message: `asynclint: the server stopped ${count} times in ${minutes} minutes and will not be restarted. See the "asynclint" output, then run "asynclint: Restart Server".`,
      },
    };
  }

  /** The user restarted the server by hand: crashes before this no longer count. */
  reset(): void {
    this.crashes = [];
  }
}
