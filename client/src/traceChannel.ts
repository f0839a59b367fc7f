import * as vscode from "vscode";

/**
 * Where vscode-languageclient writes the LSP trace. The client traces only while its trace
 * channel's log level is Trace, and then at the level `asynclint.trace.server` names; with the
 * output channel's default level (Info) the setting alone would do nothing. This channel's level
 * follows the setting instead: Trace while it is `messages` or `verbose`, Info while `off`, and a
 * change fires `onDidChangeLogLevel`, which makes the client send `$/setTrace` to the server.
 * The trace lines go to their own "asynclint Trace" output, created the first time one is written.
 */
export class TraceChannel implements vscode.LogOutputChannel {
  readonly name = "asynclint Trace";
  private channel: vscode.OutputChannel | undefined;
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelChanged.event;
  private readonly listener: vscode.Disposable;
  private level = traceLevel();

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration("asynclint.trace.server")) return;
      const level = traceLevel();
      if (level === this.level) return;
      this.level = level;
      this.levelChanged.fire(level);
    });
  }

  get logLevel(): vscode.LogLevel {
    return this.level;
  }

  private write(line: string): void {
    this.channel ??= vscode.window.createOutputChannel(this.name);
    this.channel.appendLine(line);
  }

  trace(message: string): void {
    if (this.level === vscode.LogLevel.Trace) this.write(message);
  }
  debug(message: string): void {
    this.write(message);
  }
  info(message: string): void {
    this.write(message);
  }
  warn(message: string): void {
    this.write(message);
  }
  error(error: string | Error): void {
    this.write(typeof error === "string" ? error : (error.stack ?? error.message));
  }
  append(value: string): void {
    this.channel ??= vscode.window.createOutputChannel(this.name);
    this.channel.append(value);
  }
  appendLine(value: string): void {
    this.write(value);
  }
  replace(value: string): void {
    this.channel ??= vscode.window.createOutputChannel(this.name);
    this.channel.replace(value);
  }
  clear(): void {
    this.channel?.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    this.channel ??= vscode.window.createOutputChannel(this.name);
    if (typeof columnOrPreserveFocus === "boolean") this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.channel?.hide();
  }
  dispose(): void {
    this.listener.dispose();
    this.levelChanged.dispose();
    this.channel?.dispose();
  }
}

function traceLevel(): vscode.LogLevel {
  const setting = vscode.workspace.getConfiguration("asynclint").get<string>("trace.server", "off");
  return setting === "messages" || setting === "verbose" ? vscode.LogLevel.Trace : vscode.LogLevel.Info;
}
