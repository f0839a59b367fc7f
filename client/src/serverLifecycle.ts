import * as vscode from "vscode";
import { CloseAction, ErrorAction, LanguageClient, State, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { t } from "./l10n";
import { RestartPolicy, startFailed, type RestartDecision, type ServerAction } from "./restartPolicy";
import type { ServerState } from "./statusView";

/**
 * The library's notifications are for the developer ("Pending response rejected since connection
 * got disposed", "couldn't create connection to server", codes like -32097), several per failed
 * start. Everything it reports goes to the output instead; the user gets one readable message
 * from ServerLifecycle with the actions that help.
 */
class QuietLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, _showNotification?: boolean | "force"): void {
    super.error(message, data, false);
  }
}

export interface ClientParts {
  serverOptions: ServerOptions;
  clientOptions: LanguageClientOptions;
  /** Made for this client and disposed with it (file watchers: a disposed client disposes its own). */
  disposables: vscode.Disposable[];
}

/**
 * Owns the language client: starts it, restarts it when the server crashes (RestartPolicy), and
 * restarts it on request whatever state it is in. The library cannot start a client again after
 * a failed start ("Previous start failed"), so a restart stops and disposes what is left of the
 * old client, whatever it managed to do, and starts a fresh one.
 */
export class ServerLifecycle implements vscode.Disposable {
  private current: { client: LanguageClient; disposables: vscode.Disposable[]; attempt: number } | undefined;
  private attempt = 0;
  private failedAttempt = -1;
  private ranSinceStart = false;
  private readonly policy = new RestartPolicy();
  private readonly stateChanged = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateChanged.event;
  state: ServerState = { kind: "starting" };

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly parts: (errorHandler: ErrorHandler) => ClientParts,
    /** Called with each new client before it starts, to register its notification handlers. */
    private readonly prepare: (client: LanguageClient) => void,
    private readonly show: (severity: "warning" | "error", message: string, actions: ServerAction[]) => void,
  ) {}

  get client(): LanguageClient | undefined {
    return this.current?.client;
  }

  async start(): Promise<void> {
    const attempt = ++this.attempt;
    this.current ??= this.create(attempt);
    const { client } = this.current;
    this.setState({ kind: "starting" });
    try {
      await client.start();
      if (this.current?.client === client && client.state === State.Running) this.setState({ kind: "running", version: client.initializeResult?.serverInfo?.version });
    } catch (error) {
      if (this.current?.client !== client) return;
      this.output.error(`${t("The server failed to start:")} ${error instanceof Error ? error.message : String(error)}`);
      this.fail(attempt, startFailed());
    }
  }

  /** asynclint: Restart Server. Works in every state: running, crashed, given up, never started. */
  async restart(): Promise<void> {
    this.policy.reset();
    this.output.info(t("Restarting the server."));
    const old = this.current;
    this.current = undefined;
    if (old) await this.retire(old);
    await this.start();
  }

  private create(attempt: number): { client: LanguageClient; disposables: vscode.Disposable[]; attempt: number } {
    const errorHandler: ErrorHandler = {
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => this.closed(client),
    };
    const { serverOptions, clientOptions, disposables } = this.parts(errorHandler);
    // Without a handler the library shows its own error message for a failed initialize.
    clientOptions.initializationFailedHandler = () => false;
    const client: LanguageClient = new QuietLanguageClient("asynclint", "asynclint", serverOptions, clientOptions);
    disposables.push(
      client.onDidChangeState(({ newState }) => {
        if (this.current?.client !== client) return;
        if (newState === State.Starting) {
          this.ranSinceStart = false;
          this.setState({ kind: "starting" });
        } else if (newState === State.Running) {
          this.ranSinceStart = true;
          this.setState({ kind: "running", version: client.initializeResult?.serverInfo?.version });
        }
      }),
    );
    this.prepare(client);
    return { client, disposables, attempt };
  }

  private closed(client: LanguageClient) {
    // A client being replaced is not brought back.
    if (this.current?.client !== client) return { action: CloseAction.DoNotRestart, handled: true };
    const decision = this.policy.serverClosed(Date.now(), this.ranSinceStart);
    if (decision.failure) this.fail(this.current.attempt, decision);
    else {
      this.output.warn(decision.log);
      if (decision.notify) this.show(decision.notify.severity, decision.notify.message, decision.notify.actions);
    }
    return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
  }

  /** One failure, one message: the close handler and the rejected start both report the same failed start. */
  private fail(attempt: number, decision: RestartDecision): void {
    this.setState({ kind: "failed", failure: decision.failure ?? "start" });
    if (this.failedAttempt === attempt) return;
    this.failedAttempt = attempt;
    this.output.error(decision.log);
    if (decision.notify) this.show(decision.notify.severity, decision.notify.message, decision.notify.actions);
  }

  private async retire(old: { client: LanguageClient; disposables: vscode.Disposable[] }): Promise<void> {
    try {
      // Stops a running server; for one that never started it still ends the process, then throws.
      await old.client.dispose(2000);
    } catch (error) {
      this.output.debug(`stopping the previous client: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const disposable of old.disposables) disposable.dispose();
  }

  private setState(state: ServerState): void {
    this.state = state;
    this.stateChanged.fire(state);
  }

  async dispose(): Promise<void> {
    const old = this.current;
    this.current = undefined;
    if (old) await this.retire(old);
    this.stateChanged.dispose();
  }
}
