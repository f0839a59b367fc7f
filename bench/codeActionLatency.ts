// What a cursor resting on a finding costs: the time of one textDocument/codeAction request (the
// light bulb's, with the line's diagnostics, as VS Code sends it) on a generated Python file of
// about 5,000 lines with many fixable findings, and, for a client that resolves code actions, the
// time of the codeAction/resolve that computes "Fix all asynclint problems" when it is picked.
// Measured, not asserted. Give --server another build's server.js to compare builds.
//
//   npm run build && node --import tsx bench/codeActionLatency.ts [--server dist/server.js] [--lines 5000] [--requests 20] [--eager]
//
// --eager: the client declares no codeAction.resolveSupport (every edit is computed in the request).
// Self-contained: the file is written under the OS temp directory and removed afterwards.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { CodeAction, Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { startServer } from "../test/protocol/lspClient";
import { median, percentile, round } from "./stats";

const { values } = parseArgs({
  options: {
    server: { type: "string", default: path.join(__dirname, "..", "dist", "server.js") },
    lines: { type: "string", default: "5000" },
    requests: { type: "string", default: "20" },
    eager: { type: "boolean", default: false },
  },
});
const LINES = Number(values.lines);
const REQUESTS = Number(values.requests);

/** A poller module: each block has a blocking sleep (AL101), a dropped task (AL302) and an un-awaited coroutine (AL301), all with safe fixes. */
function pollerModule(lines: number): string {
  const out = ["import asyncio", "import time", "", ""];
  for (let block = 0; out.length < lines; block++) {
    out.push(
      `async def refresh_${block}(device):`,
      `    await asyncio.sleep(0)`,
      `    return device`,
      "",
      "",
      `async def poll_${block}(device):`,
      `    time.sleep(${(block % 5) + 1})`,
      `    refresh_${block}(device)`,
      `    asyncio.create_task(device.report("poll ${block}"))`,
      `    return await device.status()`,
      "",
      "",
    );
  }
  return out.join("\n");
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-bench-actions-"));
  const file = path.join(root, "pollers.py");
  const text = pollerModule(LINES);
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const server = await startServer({ rootPath: root, command: [path.resolve(values.server!), "--stdio"], resolveCodeActions: !values.eager });
  try {
    const { connection } = server;
    connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text } });
    const report = (await connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
    const diagnostics = report.kind === "full" ? (report.items as Diagnostic[]) : [];
    const sleeps = diagnostics.filter((d) => d.code === "AL101");
    if (sleeps.length === 0) throw new Error("the generated file has no AL101 finding: nothing to measure");
    const requestMs: number[] = [];
    let lastActions: CodeAction[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      // The cursor moves to another sleep each time, as a user reading through the file.
      const at = sleeps[Math.floor((i * sleeps.length) / REQUESTS)];
      const onLine = diagnostics.filter((d) => d.range.start.line === at.range.start.line);
      const started = performance.now();
      lastActions = (await connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: at.range, context: { diagnostics: onLine, triggerKind: 2 } })) as CodeAction[];
      requestMs.push(performance.now() - started);
    }
    const fixAll = lastActions.find((a) => a.title === "Fix all asynclint problems");
    let resolveMs: number | undefined;
    if (fixAll && !fixAll.edit) {
      const started = performance.now();
      const resolved = (await connection.sendRequest("codeAction/resolve", fixAll)) as CodeAction;
      resolveMs = performance.now() - started;
      if (!resolved.edit) throw new Error("fix-all resolved to no edit");
    }
    const summary = {
      server: values.server,
      client: values.eager ? "no resolveSupport (eager edits)" : "resolveSupport: edit (as VS Code)",
      lines: text.split("\n").length,
      findings: diagnostics.length,
      fixAllOffered: fixAll !== undefined,
      fixAllLazy: fixAll !== undefined && fixAll.edit === undefined,
      codeActionMs: { median: round(median(requestMs)), p95: round(percentile(requestMs, 95)), max: round(Math.max(...requestMs)), samples: requestMs.length },
      resolveFixAllMs: resolveMs === undefined ? undefined : round(resolveMs),
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
