import { spawn, type ChildProcess } from "node:child_process";
import { pathToFileURL } from "node:url";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from "vscode-languageserver-protocol/node";

export interface LspSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Spawns a server bundle over stdio and initializes it as VS Code would, with pull diagnostics.
 * The bench runs its own snapshot of dist/, so a rebuild by someone else mid-run changes nothing.
 */
export async function startLspSession(serverScript: string, rootPath: string): Promise<LspSession> {
  const child = spawn(process.execPath, [serverScript, "--stdio"], { stdio: ["pipe", "pipe", "ignore"] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("workspace/diagnostic/refresh", () => null);
  connection.onRequest("window/showMessageRequest", () => null);
  connection.onNotification("window/showMessage", () => undefined);
  connection.onNotification("window/logMessage", () => undefined);
  connection.onNotification("textDocument/publishDiagnostics", () => undefined);
  connection.listen();
  const root = pathToFileURL(rootPath).toString();
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: "bench" }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
      textDocument: { synchronization: { didSave: true }, diagnostic: { dynamicRegistration: false } },
    },
  });
  await connection.sendNotification("initialized", {});
  return {
    connection,
    process: child,
    async stop() {
      try {
        await connection.sendRequest("shutdown");
        await connection.sendNotification("exit");
      } catch {
        // Already gone.
      }
      connection.dispose();
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill("SIGKILL");
            resolve();
          }, 3000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
