import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { startLspSession, type LspSession } from "../lspSession";
import { residentMemory } from "../process";

export interface ServerMemory {
  what: string;
  documents: number;
  /** RSS right after initialize, before any document. */
  idleRssMb: number | undefined;
  rssMb: number | undefined;
  peakRssMb: number | undefined;
  /** Time to open every document and pull its diagnostics. */
  ms: number;
  diagnostics: number;
  note?: string;
}

async function openAll(server: LspSession, files: readonly string[], languageId: string): Promise<number> {
  let diagnostics = 0;
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    await server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text: fs.readFileSync(file, "utf8") } });
    const report: { items?: unknown[] } = await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } });
    diagnostics += report.items?.length ?? 0;
  }
  return diagnostics;
}

/** Resident memory of the bundled server after opening these files (all kept open) and pulling their diagnostics. */
export async function measureServerMemory(serverScript: string, what: string, root: string, files: readonly string[], note?: string): Promise<ServerMemory> {
  const server = await startLspSession(serverScript, root);
  try {
    const pid = server.process.pid!;
    // A round trip, so the server has handled `initialized` (and started loading its parser) before the idle figure.
    await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: pathToFileURL(files[0]).href } });
    const idle = residentMemory(pid);
    const started = performance.now();
    const diagnostics = await openAll(server, files, "python");
    const ms = performance.now() - started;
    const after = residentMemory(pid);
    return { what, documents: files.length, idleRssMb: idle?.rssMb, rssMb: after?.rssMb, peakRssMb: after?.peakMb, ms, diagnostics, note };
  } finally {
    await server.stop();
  }
}
