import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
} from "vscode-languageserver-protocol/node";

export const SERVER = path.join(__dirname, "..", "..", "dist", "server.js");

export interface TestServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Diagnostics the server pushed, by URI (push mode only). */
  pushed: Map<string, unknown[]>;
  /** Messages shown to the user (window/showMessage, window/showWarningMessage requests). */
  shownMessages: string[];
  /** Lines the server wrote to its log (window/logMessage). */
  logged: string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Pull diagnostics (the default, as VS Code does) or push. */
  pull?: boolean;
  rootPath?: string;
  /** What `workspace/configuration` answers for the `asynclint` section. */
  settings?: () => unknown;
  /** Variables added to the server's environment. */
  env?: Record<string, string>;
  /** The command line that starts the server (after node); default: dist/server.js --stdio. */
  command?: string[];
  /** The client shows disabled code actions with their reason, as VS Code does (`codeAction.disabledSupport`). */
  disabledCodeActions?: boolean;
  /** The client fills in code actions' edits with codeAction/resolve (`codeAction.resolveSupport`), as VS Code does. */
  resolveCodeActions?: boolean;
  /** The editor's display language (`initialize`'s `locale`). */
  locale?: string;
}

/** Spawns the bundled server over stdio and speaks LSP to it like an editor would. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const child = spawn(process.execPath, options.command ?? [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"], env: options.env ? { ...process.env, ...options.env } : process.env });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const pushed = new Map<string, unknown[]>();
  const shownMessages: string[] = [];
  const logged: string[] = [];
  connection.onNotification("textDocument/publishDiagnostics", (params: { uri: string; diagnostics: unknown[] }) => {
    pushed.set(params.uri, params.diagnostics);
  });
  connection.onNotification("window/showMessage", (params: { message: string }) => {
    shownMessages.push(params.message);
  });
  connection.onRequest("window/showMessageRequest", (params: { message: string }) => {
    shownMessages.push(params.message);
    return null;
  });
  connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => options.settings?.() ?? {}));
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("workspace/diagnostic/refresh", () => null);
  connection.onNotification("window/logMessage", (params: { message: string }) => {
    logged.push(params.message);
  });
  connection.listen();
  const pull = options.pull ?? true;
  const capabilities: ClientCapabilities = {
    workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
    textDocument: {
      synchronization: { didSave: true, dynamicRegistration: false },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } }, ...(options.disabledCodeActions ? { disabledSupport: true } : {}), ...(options.resolveCodeActions ? { dataSupport: true, resolveSupport: { properties: ["edit"] } } : {}) },
      hover: { contentFormat: ["markdown"] },
      ...(pull ? { diagnostic: { dynamicRegistration: false } } : {}),
    },
  };
  const root = options.rootPath;
  await connection.sendRequest("initialize", {
    processId: process.pid,
    ...(options.locale ? { locale: options.locale } : {}),
    rootUri: root ? pathToFileURL(root).toString() : null,
    workspaceFolders: root ? [{ uri: pathToFileURL(root).toString(), name: "test" }] : null,
    capabilities,
  });
  connection.sendNotification("initialized", {});
  return {
    connection,
    process: child,
    pushed,
    shownMessages,
    logged,
    async stop() {
      try {
        await connection.sendRequest("shutdown");
        // A server that already closed its end makes this write fail: that is the stop we want.
        await connection.sendNotification("exit").catch(() => undefined);
      } catch {
        // Already gone.
      }
      connection.dispose();
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill("SIGKILL");
            resolve();
          }, 2000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

/** Polls until the condition holds, or fails after the deadline. Never a fixed sleep. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, deadlineMs = 10000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > deadlineMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
