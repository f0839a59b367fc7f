import { t } from "./l10n";

/**
 * When the server process dies, whether to start it again, and what to tell the user. Kept apart
 * from VS Code so that it can be tested: the extension feeds it the clock and shows what it says.
 *
 * A server that dies before it ever answered `initialize` (it throws on load, its Node is too old)
 * would die the same way again: it is not restarted, and the user gets one message with the
 * actions that help (Show Output, Restart). A crash of a running server is restarted up to
 * `maxRestarts` times within `windowMs`; the user hears about it once (the first restart of the
 * session), further restarts only go to the log, and when the budget is spent the user is told
 * once that the server stays stopped. Running the restart command by hand gives a fresh budget.
 */
export type ServerAction = "showOutput" | "restart";

export interface RestartDecision {
  restart: boolean;
  /** A line for the output channel, every time. */
  log: string;
  /** A message to show the user, or undefined to stay quiet. */
  notify?: { severity: "warning" | "error"; message: string; actions: ServerAction[] };
  /** Set when the server stays stopped: what the status item says. */
  failure?: "start" | "crashes";
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

  /**
   * The server's connection closed without being asked to: decide what happens next.
   * `wasRunning`: the server had answered `initialize` since it was last started.
   */
  serverClosed(now: number, wasRunning = true): RestartDecision {
    if (!wasRunning) return startFailed();
    this.crashes.push(now);
    this.crashes = this.crashes.filter((time) => now - time <= this.windowMs);
    const count = this.crashes.length;
    if (count <= this.maxRestarts) {
      const decision: RestartDecision = { restart: true, log: t("The server stopped; restarting it ({0}/{1}).", count, this.maxRestarts) };
      if (!this.toldAboutRestart) {
        this.toldAboutRestart = true;
        decision.notify = { severity: "warning", message: t("asynclint: the server stopped unexpectedly and was restarted."), actions: ["showOutput"] };
      }
      return decision;
    }
    const minutes = Math.round(this.windowMs / 60000);
    return {
      restart: false,
      failure: "crashes",
      log: t("The server stopped {0} times in {1} minutes; it is not restarted again.", count, minutes),
      notify: {
        severity: "error",
        message: t("asynclint: the server stopped {0} times in {1} minutes and was not restarted. Files are not checked until you restart it.", count, minutes),
        actions: ["showOutput", "restart"],
      },
    };
  }

  /** The user restarted the server by hand: crashes before this no longer count. */
  reset(): void {
    this.crashes = [];
  }
}

/** The one message for a server that could not start (however many ways the client learnt it). */
export function startFailed(): RestartDecision {
  return {
    restart: false,
    failure: "start",
    log: t("The server could not start; it is not restarted until you ask (asynclint: Restart Server)."),
    notify: {
      severity: "error",
      message: t("asynclint: the server could not start, so files are not checked. The output says why."),
      actions: ["showOutput", "restart"],
    },
  };
}
