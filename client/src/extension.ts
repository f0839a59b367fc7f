import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { RevealOutputChannelOn, TransportKind, type ErrorHandler, type LanguageClient, type LanguageClientOptions } from "vscode-languageclient/node";
import { checkTaskProvider, TASK_TYPE } from "./checkTask";
import { explicitSettingsMiddleware } from "./explicitSettings";
import { t, useTranslator } from "./l10n";
import type { ServerAction } from "./restartPolicy";
import { ruleDocLinksMiddleware, SHOW_RULE_DOCUMENTATION_COMMAND } from "./ruleDocLinks";
import { ServerLifecycle, type ClientParts } from "./serverLifecycle";
import { OPEN_CONFIG_PROBLEM_COMMAND, SHOW_OUTPUT_COMMAND, statusView, type ConfigProblem } from "./statusView";
import { TraceChannel } from "./traceChannel";

/**
 * The thin client: starts the server, forwards settings, offers commands, a status item and a
 * task type. All analysis happens in the server.
 */
let lifecycle: ServerLifecycle | undefined;

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

/** Sent by the server (server/src/lsp/serverStatus.ts) whenever the configuration files' problems change. */
const STATUS_NOTIFICATION = "asynclint/status";

/**
 * The server module: the bundled one, or another build named by ASYNCLINT_SERVER_MODULE (read at
 * each start, from the extension host's environment), to try a development build of the server
 * in an installed editor. The e2e suite uses it to start a server that fails.
 */
function serverModule(context: vscode.ExtensionContext): string {
  const other = process.env.ASYNCLINT_SERVER_MODULE;
  return other && path.isAbsolute(other) ? other : context.asAbsolutePath(path.join("dist", "server.js"));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  useTranslator((message, args) => vscode.l10n.t(message, ...args));
  const extensionVersion = String((context.extension.packageJSON as { version?: unknown }).version ?? "unknown");
  const output = vscode.window.createOutputChannel("asynclint", { log: true });
  const trace = new TraceChannel();
  output.info(t("asynclint {0} in {1} {2} (extension host: Node {3})", extensionVersion, vscode.env.appName, vscode.version, process.version));

  const status = vscode.languages.createLanguageStatusItem("asynclint.status", DOCUMENT_SELECTOR);
  status.name = "asynclint";
  let configProblems: ConfigProblem[] = [];
  const toasted = new Set<string>();
  const refreshStatus = () => {
    const view = statusView(lifecycle?.state ?? { kind: "starting" }, configProblems, extensionVersion);
    status.text = view.text;
    status.detail = view.detail;
    status.busy = view.busy;
    status.severity = { information: vscode.LanguageStatusSeverity.Information, warning: vscode.LanguageStatusSeverity.Warning, error: vscode.LanguageStatusSeverity.Error }[view.severity];
    status.command = view.command;
    status.accessibilityInformation = { label: `${view.text}: ${view.detail}` };
  };

  const showServerMessage = (severity: "warning" | "error", message: string, actions: ServerAction[]) => {
    const labels: Record<ServerAction, string> = { showOutput: t("Show Output"), restart: t("Restart") };
    const show = severity === "error" ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    void show(message, ...actions.map((action) => labels[action])).then((chosen) => {
      if (chosen === labels.showOutput) output.show(true);
      else if (chosen === labels.restart) void vscode.commands.executeCommand("asynclint.restart");
    });
  };

  const openConfigProblem = async (file: unknown, line: unknown) => {
    if (typeof file !== "string") return;
    const at = typeof line === "number" && line >= 1 ? line - 1 : 0;
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(at, 0, at, 0), preview: false });
  };

  const configProblemsChanged = (problems: ConfigProblem[]) => {
    configProblems = problems;
    refreshStatus();
    // One notification per file whose problems are new; the status item keeps showing them.
    const byFile = new Map<string, ConfigProblem[]>();
    for (const problem of problems) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
    for (const [file, ofFile] of byFile) {
      const key = `${file}\0${ofFile.map((problem) => problem.message).join("\0")}`;
      if (toasted.has(key)) continue;
      toasted.add(key);
      const more = ofFile.length > 1 ? ` ${t("(and {0} more)", ofFile.length - 1)}` : "";
      const open = t("Open File");
      void vscode.window.showWarningMessage(`asynclint: ${ofFile[0].message}${more}`, open).then((chosen) => {
        if (chosen === open) void openConfigProblem(file, ofFile[0].line);
      });
    }
  };

  const parts = (errorHandler: ErrorHandler): ClientParts => {
    const module = serverModule(context);
    output.info(t("Starting the server: {0}", module));
    // Python modules feed the workspace index; the others may hold project settings.
    const watchers = [
      vscode.workspace.createFileSystemWatcher("**/*.{py,pyi}"),
      vscode.workspace.createFileSystemWatcher("**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"),
      vscode.workspace.createFileSystemWatcher("**/{tsconfig,jsconfig}.json"),
      vscode.workspace.createFileSystemWatcher("**/{pyproject.toml,asynclint.json,package.json}"),
    ];
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: output,
      traceOutputChannel: trace,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: { fileEvents: watchers },
      diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
      errorHandler,
      middleware: { ...explicitSettingsMiddleware, ...ruleDocLinksMiddleware },
      initializationOptions: { statusNotifications: true },
      markdown: { isTrusted: { enabledCommands: [SHOW_RULE_DOCUMENTATION_COMMAND] } },
    };
    return {
      serverOptions: {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
      },
      clientOptions,
      disposables: [...watchers],
    };
  };
  const prepare = (client: LanguageClient) => {
    configProblems = [];
    client.onNotification(STATUS_NOTIFICATION, (params: { configProblems?: ConfigProblem[] }) => configProblemsChanged(params.configProblems ?? []));
  };
  lifecycle = new ServerLifecycle(output, parts, prepare, showServerMessage);
  const current = lifecycle;

  context.subscriptions.push(
    output,
    trace,
    status,
    current.onDidChangeState(refreshStatus),
    { dispose: () => void current.dispose() },
    vscode.commands.registerCommand("asynclint.restart", () => current.restart()),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
    vscode.commands.registerCommand(OPEN_CONFIG_PROBLEM_COMMAND, openConfigProblem),
    vscode.commands.registerCommand("asynclint.fixAll", async () => {
      await vscode.commands.executeCommand("editor.action.codeAction", { kind: "source.fixAll.asynclint", apply: "first" });
    }),
    vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION_COMMAND, async (code: unknown, page?: unknown) => {
      if (typeof code !== "string" || !/^AL\d{3}$/.test(code)) return;
      const rules = vscode.Uri.file(context.asAbsolutePath(path.join("docs", "rules")));
      // A page the server linked (a translated one) is opened only when it is one of ours.
      const linked = typeof page === "string" ? vscode.Uri.parse(page) : undefined;
      const ours = linked?.scheme === "file" && linked.path.startsWith(`${rules.path}/`) && linked.path.endsWith(`/${code}.md`);
      // Without a link (the light bulb's action), the page in the editor's language when there is one.
      const translated = vscode.env.language.startsWith("ru") ? vscode.Uri.joinPath(rules, "ru", `${code}.md`) : undefined;
      const fallback = translated && fs.existsSync(translated.fsPath) ? translated : vscode.Uri.joinPath(rules, `${code}.md`);
      await vscode.commands.executeCommand("markdown.showPreview", ours ? linked : fallback);
    }),
    vscode.tasks.registerTaskProvider(TASK_TYPE, checkTaskProvider(context.asAbsolutePath(path.join("dist", "cli.js")))),
  );
  refreshStatus();
  await current.start();
}

export async function deactivate(): Promise<void> {
  await lifecycle?.dispose();
  lifecycle = undefined;
}
