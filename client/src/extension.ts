import * as path from "node:path";
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { explicitSettingsMiddleware } from "./explicitSettings";
import { RestartPolicy } from "./restartPolicy";

/**
 * The thin client: starts the server, forwards settings, offers commands and a status item.
 * All analysis happens in the server.
 */
let client: LanguageClient | undefined;
let status: vscode.LanguageStatusItem | undefined;

const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "python" },
  { scheme: "untitled", language: "python" },
  // Python cells of Jupyter notebooks (vscode-notebook-cell: URIs); the server joins a notebook's cells.
  { notebook: "jupyter-notebook", language: "python" },
  // TypeScript and JavaScript, checked with the type checker of the project's tsconfig.json.
  ...["typescript", "typescriptreact", "javascript", "javascriptreact"].flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]),
];

/** Restarts a crashed server a few times (see RestartPolicy), saying so once. */
class RestartingErrorHandler implements ErrorHandler {
  constructor(
    private readonly output: vscode.OutputChannel,
    readonly policy = new RestartPolicy(),
  ) {}

  error() {
    return { action: ErrorAction.Continue };
  }

  closed() {
    const decision = this.policy.serverClosed(Date.now());
    this.output.appendLine(decision.log);
    if (decision.notify?.severity === "error") void vscode.window.showErrorMessage(decision.notify.message);
    else if (decision.notify) void vscode.window.showWarningMessage(decision.notify.message);
    return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("asynclint", { log: true });
  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
  };
  const errorHandler = new RestartingErrorHandler(output);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      // Python modules feed the workspace index; the others may hold project settings.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.{py,pyi}"),
        vscode.workspace.createFileSystemWatcher("**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"),
        vscode.workspace.createFileSystemWatcher("**/{tsconfig,jsconfig}.json"),
        vscode.workspace.createFileSystemWatcher("**/{pyproject.toml,asynclint.json,package.json}"),
      ],
    },
    diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
    errorHandler,
    middleware: explicitSettingsMiddleware,
  };
  client = new LanguageClient("asynclint", "asynclint", serverOptions, clientOptions);

  status = vscode.languages.createLanguageStatusItem("asynclint.status", DOCUMENT_SELECTOR);
  status.name = "asynclint";
  status.text = "asynclint";
  status.detail = "starting";
  status.command = { title: "Show Output", command: "asynclint.showOutput" };

  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("asynclint.restart", async () => {
      if (!client) return;
      status!.detail = "restarting";
      errorHandler.policy.reset();
      await client.restart();
      status!.detail = "running";
    }),
    vscode.commands.registerCommand("asynclint.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("asynclint.fixAll", async () => {
      await vscode.commands.executeCommand("editor.action.codeAction", { kind: "source.fixAll.asynclint", apply: "first" });
    }),
    vscode.commands.registerCommand("asynclint.showRuleDocumentation", async (code: unknown) => {
      if (typeof code !== "string" || !/^AL\d{3}$/.test(code)) return;
      const page = vscode.Uri.file(context.asAbsolutePath(path.join("docs", "rules", `${code}.md`)));
      await vscode.commands.executeCommand("markdown.showPreview", page);
    }),
  );

  try {
    await client.start();
    status.detail = "running";
  } catch (error) {
    status.detail = "failed to start";
    status.severity = vscode.LanguageStatusSeverity.Error;
    output.appendLine(`asynclint: the server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
