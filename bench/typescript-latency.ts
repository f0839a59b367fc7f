// TypeScript analysis speed, measured (not asserted): cold `asynclint check` wall time on a
// generated project of 50 files x 200 lines, and per-edit latency in the server (edit sent ->
// diagnostics received, pull model) for a 2,500-line file in a 40k-line project.
//
//   npm run build && node --import tsx bench/typescript-latency.ts [--runs 5] [--edits 60]
//
// Self-contained: it generates its projects under the OS temp directory and removes them.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { Diagnostic, DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { startServer } from "../test/protocol/lspClient";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, edits: { type: "string", default: "60" } } });
const RUNS = Number(values.runs);
const EDITS = Number(values.edits);
const CLI = path.join(__dirname, "..", "dist", "cli.js");

const TSCONFIG = JSON.stringify(
  { compilerOptions: { target: "ES2022", module: "esnext", moduleResolution: "bundler", strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ["src"] },
  null,
  2,
);

/** One async TypeScript module of about `lines` lines: functions, a class, cross-file calls, a few real mistakes. */
function moduleText(index: number, lines: number): string {
  const out: string[] = [];
  if (index > 0) out.push(`import { fetch${index - 1}_0, Client${index - 1} } from "./m${index - 1}";`);
  out.push(`export interface Reply${index} { host: string; lines: string[] }`, "");
  out.push(`export class Client${index} {`, "  private readonly sent: string[] = [];", "  async send(command: string): Promise<Reply" + index + "> {", "    this.sent.push(command);", `    return { host: "h", lines: [command] };`, "  }", "}", "");
  let block = 0;
  while (out.length < lines - 12) {
    const name = `fetch${index}_${block}`;
    out.push(
      `export async function ${name}(host: string, client: Client${index}): Promise<string> {`,
      `  const reply = await client.send("show version " + host);`,
      `  if (reply.lines.length > 2) {`,
      `    await Promise.all(reply.lines.map((line) => client.send(line)));`,
      `  }`,
      block % 7 === 3 ? `  client.send("write memory");` : `  await client.send("write memory");`,
      index > 0 && block % 5 === 0 ? `  await fetch${index - 1}_0(host, new Client${index - 1}());` : `  const copy = [...reply.lines];`,
      block % 11 === 5 ? `  reply.lines.forEach(async (line) => { await client.send(line); });` : `  for (const line of reply.lines) await client.send(line);`,
      `  return reply.lines.join("\\n");`,
      `}`,
      "",
    );
    block++;
  }
  while (out.length < lines) out.push("// padding");
  return out.join("\n") + "\n";
}

function generate(files: number, linesPerFile: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-bench-ts-"));
  fs.mkdirSync(path.join(root, "src"));
  fs.writeFileSync(path.join(root, "tsconfig.json"), TSCONFIG);
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(root, "src", `m${i}.ts`), moduleText(i, linesPerFile));
  return root;
}

/** CPU milliseconds a process has used (Linux /proc), to tell work from waiting on a busy machine. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (n=${sorted.length})`;
}

function coldCli(): void {
  const root = generate(50, 200);
  try {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let findings = 0;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const command = [process.execPath, CLI, "check", root, "--format", "json", "--exit-zero"];
      const timed = fs.existsSync("/usr/bin/time");
      const result = timed
        ? spawnSync("/usr/bin/time", ["-f", "%U %S", ...command], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
        : spawnSync(command[0], command.slice(1), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      times.push(performance.now() - start);
      const [user, system] = (result.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number);
      if (Number.isFinite(user + system)) cpuTimes.push((user + system) * 1000);
      if (result.status !== 0) throw new Error(`asynclint check failed (${result.status}): ${result.stderr}`);
      findings = (JSON.parse(result.stdout) as unknown[]).length;
    }
    console.log(`cold CLI, 50 files x 200 lines (${findings} findings), wall: ${summary(times)}`);
    if (cpuTimes.length > 0) console.log(`cold CLI CPU (user+system): ${summary(cpuTimes)}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function editLatency(): Promise<void> {
  // 16 files x 2,500 lines = 40k lines; the edited file is one of them.
  const root = generate(16, 2500);
  const server = await startServer({ rootPath: root });
  try {
    const file = path.join(root, "src", "m8.ts");
    const uri = pathToFileURL(file).toString();
    const text = fs.readFileSync(file, "utf8");
    let version = 1;
    server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version, text } });
    const pull = async () => {
      const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
      return report.kind === "full" ? (report.items as Diagnostic[]) : [];
    };
    const firstStart = performance.now();
    const baseline = (await pull()).length;
    console.log(`server, first diagnostics of a 2,500-line file in a 40k-line project (program built): ${(performance.now() - firstStart).toFixed(0)} ms, ${baseline} findings`);
    const lines = text.split("\n");
    const targets = lines.flatMap((line, index) => (line.startsWith("  const reply = await client.send(") ? [index] : []));
    const samples: number[] = [];
    let line = 0;
    const cpuBefore = cpuMs(server.process.pid);
    for (let i = 0; i < EDITS; i++) {
      // Add a floating promise under a call, then remove it again: a keystroke-sized change either way.
      const adding = i % 2 === 0;
      if (adding) line = targets[(i * 7) % targets.length] + 1;
      const change = adding
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '  client.send("extra");\n' }
        : { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: "" };
      const start = performance.now();
      version++;
      server.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });
      const diagnostics = await pull();
      samples.push(performance.now() - start);
      const expected = adding ? baseline + 1 : baseline;
      if (diagnostics.length !== expected) throw new Error(`edit ${i}: expected ${expected} diagnostics, got ${diagnostics.length}`);
    }
    console.log(`server, per edit (didChange -> pulled diagnostics), 2,500-line file, 40k-line project: ${summary(samples)}`);
    const cpuAfter = cpuMs(server.process.pid);
    if (cpuBefore !== undefined && cpuAfter !== undefined) console.log(`server CPU per edit (mean): ${((cpuAfter - cpuBefore) / EDITS).toFixed(0)} ms`);
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` first");
  console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  coldCli();
  await editLatency();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
