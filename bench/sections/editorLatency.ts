import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { startLspSession } from "../lspSession";
import { Random } from "../random";
import { percentile } from "../stats";

interface Change {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

const TYPED = "abcdefghijklmnopqrstuvwxyz_ ().:=,0123456789";

/**
 * Single-character edits at seeded random places. `scattered`: every edit stays (seven in ten
 * insert a character, the others delete one), so syntax errors pile up all over the file, the
 * hardest case for an incremental parser. `typo-and-fix`: a character typed at a random place,
 * then deleted by the next edit, so the file has at most one error at a time, as when typing.
 * Each edit is expressed against the text as the previous ones left it, as editors send them.
 */
export type EditModel = "scattered" | "typo-and-fix";

export function randomEdits(text: string, count: number, seed: number, model: EditModel = "scattered"): Change[] {
  const rng = new Random(seed);
  let document = TextDocument.create("bench:edits", "plaintext", 0, text);
  const changes: Change[] = [];
  for (let i = 0; i < count; i++) {
    const line = rng.int(0, document.lineCount - 1);
    const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, "");
    const character = rng.int(0, lineText.length);
    const previous = changes[changes.length - 1];
    if (model === "typo-and-fix" && i % 2 === 1) {
      const at = previous.range.start;
      const undo: Change = { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: "" };
      changes.push(undo);
      document = TextDocument.update(document, [undo], i + 1);
      continue;
    }
    const change: Change =
      model === "typo-and-fix"
        ? { range: { start: { line, character }, end: { line, character } }, text: rng.pick([...TYPED]) }
        :
      rng.chance(0.3) && character < lineText.length
        ? { range: { start: { line, character }, end: { line, character: character + 1 } }, text: "" }
        : { range: { start: { line, character }, end: { line, character } }, text: rng.pick([...TYPED]) };
    changes.push(change);
    document = TextDocument.update(document, [change], i + 1);
  }
  return changes;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  max: number;
  samples: number;
}

function summarize(values: number[]): LatencySummary {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values), samples: values.length };
}

export interface EditorLatency {
  file: string;
  lines: number;
  edits: number;
  model: EditModel;
  /** didOpen to the first diagnostics (cold: parse, analysis, and for TS the first program). */
  firstDiagnosticsMs: number;
  ours: LatencySummary;
  /** Findings on the final text, to show the server analyzed it. */
  finalDiagnostics: number;
  ruffWasm?: LatencySummary;
  /** Our p95 over Ruff's p95: below 1 means we are faster. */
  ratioP95?: number;
}

/**
 * Spawns the bundled server over stdio, opens the file, then for each edit sends `didChange` and
 * immediately pulls `textDocument/diagnostic`, timing from the notification to the report: the
 * delay a user sees between a keystroke and updated squiggles (without the client's debounce).
 */
export async function measureEditorLatency(options: {
  server: string;
  root: string;
  file: string;
  languageId: "python" | "typescript";
  edits: number;
  seed: number;
  model: EditModel;
  ruffCheck?: (text: string) => unknown;
}): Promise<EditorLatency> {
  const text = fs.readFileSync(options.file, "utf8");
  const changes = randomEdits(text, options.edits, options.seed, options.model);
  const uri = pathToFileURL(options.file).href;
  const server = await startLspSession(options.server, options.root);
  try {
    const { connection } = server;
    let version = 1;
    const opened = performance.now();
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: options.languageId, version, text } });
    await connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } });
    const firstDiagnosticsMs = performance.now() - opened;
    const latencies: number[] = [];
    let last: { items?: unknown[] } = {};
    for (const change of changes) {
      version++;
      const started = performance.now();
      await connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });
      last = await connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } });
      latencies.push(performance.now() - started);
    }
    const result: EditorLatency = {
      file: options.file,
      lines: text.split("\n").length,
      edits: changes.length,
      model: options.model,
      firstDiagnosticsMs,
      ours: summarize(latencies),
      finalDiagnostics: last.items?.length ?? 0,
    };
    if (options.ruffCheck) {
      // Ruff has no incremental mode: an editor integration re-lints the whole text after each edit.
      let document = TextDocument.create(uri, options.languageId, 1, text);
      const ruffLatencies: number[] = [];
      options.ruffCheck(text);
      changes.forEach((change, i) => {
        document = TextDocument.update(document, [change], i + 2);
        const current = document.getText();
        const started = performance.now();
        options.ruffCheck!(current);
        ruffLatencies.push(performance.now() - started);
      });
      result.ruffWasm = summarize(ruffLatencies);
      result.ratioP95 = result.ours.p95 / result.ruffWasm.p95;
    }
    return result;
  } finally {
    await server.stop();
  }
}
