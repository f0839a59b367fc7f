import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { CancellationTokenSource, type Diagnostic, type DocumentDiagnosticReport } from "vscode-languageserver-protocol";
import { TextDocument, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import { startServer, type TestServer } from "../protocol/lspClient";
import { pythonFixtureTexts, typeScriptFixtureTexts } from "./support/engines";
import { NASTY_CHARACTERS, poolOf } from "./support/mutations";

/**
 * Thousands of seeded incremental edits through the real server over stdio, mixed with saves,
 * close/reopen and requests cancelled as soon as sent. After each batch the diagnostics of the
 * edited document must equal those of the same text opened fresh, so the incrementally
 * re-parsed tree and every cache agree with a clean start. The server must stay up and its
 * memory flat.
 */
const SEED = 4242;

const DIR = "file:///tmp/asynclint-incremental";

type EditStep =
  | { kind: "edit"; at: number; length: number; text: number; multi: number }
  | { kind: "char"; at: number; char: string }
  | { kind: "replaceAll" }
  | { kind: "save" }
  | { kind: "reopen" }
  | { kind: "cancelledPull" }
  | { kind: "hover"; at: number };

const stepArbitrary: fc.Arbitrary<EditStep> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant("edit" as const), at: fc.nat(), length: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })), text: fc.nat(), multi: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("char" as const), at: fc.nat(), char: fc.constantFrom(...NASTY_CHARACTERS.filter((c) => c !== "\u0000")) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "replaceAll" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "save" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "cancelledPull" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("hover" as const), at: fc.nat() }) },
);

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** What a user sees of a diagnostic; the version stamped in `data` differs by design. */
function visible(diagnostics: Diagnostic[]): string[] {
  return diagnostics
    .map((d) => JSON.stringify({ range: d.range, code: d.code, severity: d.severity, message: d.message, fixes: (d.data as { fixes?: unknown } | undefined)?.fixes }))
    .sort();
}

async function pull(server: TestServer, uri: string): Promise<Diagnostic[]> {
  const report = (await server.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri } })) as DocumentDiagnosticReport;
  assert.equal(report.kind, "full");
  return report.kind === "full" ? report.items : [];
}

interface Session {
  uri: string;
  languageId: string;
  mirror: TextDocument;
  pool: { lines: string[]; tokens: string[] };
  sources: string[];
}

class Run {
  edits = 0;
  cancelled = 0;
  batches = 0;
  freshOpens = 0;
  mismatches: string[] = [];

  constructor(private readonly server: TestServer) {}

  open(session: Session): void {
    const { uri, languageId, mirror } = session;
    this.server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: mirror.version, text: mirror.getText() } });
  }

  /** Applies one step to the server and to our mirror of the document. */
  async step(session: Session, step: EditStep): Promise<void> {
    const { connection } = this.server;
    const text = session.mirror.getText();
    const send = (changes: TextDocumentContentChangeEvent[]) => {
      const version = session.mirror.version + 1;
      session.mirror = TextDocument.update(session.mirror, changes, version);
      connection.sendNotification("textDocument/didChange", { textDocument: { uri: session.uri, version }, contentChanges: changes });
      this.edits++;
    };
    const rangeAt = (at: number, length: number, doc = session.mirror) => {
      const start = at % (text.length + 1);
      return { start: doc.positionAt(start), end: doc.positionAt(Math.min(text.length, start + length)) };
    };
    switch (step.kind) {
      case "edit": {
        // Several changes in one notification, each against the text the previous one left.
        const changes: TextDocumentContentChangeEvent[] = [];
        // A copy: TextDocument.update changes the document it is given in place.
        let doc = TextDocument.create(session.mirror.uri, session.mirror.languageId, session.mirror.version, session.mirror.getText());
        for (let i = 0; i < step.multi; i++) {
          const insert = (step.text + i) % 3 === 0 ? session.pool.lines[(step.text + i) % session.pool.lines.length] : session.pool.tokens[(step.text + i) % session.pool.tokens.length];
          const change = { range: rangeAt(step.at + i * 7, step.length, doc), text: step.length > 0 && (step.text + i) % 4 === 0 ? "" : insert };
          changes.push(change);
          doc = TextDocument.update(doc, [change], doc.version + 1);
        }
        send(changes);
        return;
      }
      case "char":
        send([{ range: rangeAt(step.at, 0), text: step.char }]);
        return;
      case "replaceAll":
        send([{ text: session.sources[session.mirror.version % session.sources.length] }]);
        return;
      case "save":
        connection.sendNotification("textDocument/didSave", { textDocument: { uri: session.uri } });
        return;
      case "reopen":
        connection.sendNotification("textDocument/didClose", { textDocument: { uri: session.uri } });
        this.open(session);
        return;
      case "cancelledPull": {
        const source = new CancellationTokenSource();
        const pending = connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: session.uri } }, source.token);
        source.cancel();
        this.cancelled++;
        await pending.catch(() => undefined);
        return;
      }
      case "hover":
        await connection.sendRequest("textDocument/hover", { textDocument: { uri: session.uri }, position: session.mirror.positionAt(step.at % (text.length + 1)) });
        return;
    }
  }

  /** The edited document's diagnostics against a fresh open of the same text in a sibling folder. */
  async compare(session: Session, label: string): Promise<void> {
    this.batches++;
    const live = await pull(this.server, session.uri);
    const freshUri = session.uri.replace("/live/", `/fresh-${this.freshOpens++}/`);
    this.server.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: freshUri, languageId: session.languageId, version: 1, text: session.mirror.getText() } });
    const fresh = await pull(this.server, freshUri);
    this.server.connection.sendNotification("textDocument/didClose", { textDocument: { uri: freshUri } });
    // Recorded rather than thrown, so that the run goes on (edits, memory) and every mismatch is listed.
    if (JSON.stringify(visible(live)) !== JSON.stringify(visible(fresh))) this.mismatches.push(`${label}: ${live.length} live vs ${fresh.length} fresh diagnostics`);
  }
}

describe("incremental edits through the server equal a fresh analysis", () => {
  let server: TestServer;
  let run: Run;
  const rss: number[] = [];

  before(async () => {
    server = await startServer();
    run = new Run(server);
  });

  after(async () => {
    await server.stop();
    console.log(`incremental: ${run.edits} edits in ${run.batches} batches, ${run.cancelled} cancelled requests; server RSS ${rss.map((kb) => `${(kb / 1024).toFixed(0)} MB`).join(" -> ")}`);
  });

  async function exercise(languageId: string, file: string, sources: string[], batches: number, stepsPerBatch: number, seed: number) {
    const session: Session = { uri: `${DIR}/live/${file}`, languageId, mirror: TextDocument.create(`${DIR}/live/${file}`, languageId, 1, sources[0]), pool: poolOf(sources), sources };
    run.open(session);
    const plan = fc.sample(fc.array(stepArbitrary, { minLength: stepsPerBatch, maxLength: stepsPerBatch }), { seed, numRuns: batches });
    for (const [i, steps] of plan.entries()) {
      for (const step of steps) await run.step(session, step);
      await run.compare(session, `${file} batch ${i + 1}`);
      assert.equal(server.process.exitCode, null, "the server died");
    }
    server.connection.sendNotification("textDocument/didClose", { textDocument: { uri: session.uri } });
  }

  it("Python: thousands of edits over several documents", async () => {
    const sources = pythonFixtureTexts().map((f) => f.text);
    await exercise("python", "warmup.py", sources, 3, 20, SEED);
    rss.push(rssKb(server.process.pid!));
    for (let doc = 0; doc < 3; doc++) {
      await exercise("python", `doc${doc}.py`, [...sources.slice(doc), ...sources.slice(0, doc)], 25, 30, SEED + doc);
      if (doc === 0) rss.push(rssKb(server.process.pid!));
    }
    rss.push(rssKb(server.process.pid!));
    const mismatches = run.mismatches.splice(0);
    assert.deepEqual(mismatches, [], `${mismatches.length} of ${run.batches} batches differ`);
  });

  it("TypeScript and JavaScript: hundreds of edits", async () => {
    const sources = typeScriptFixtureTexts().map((f) => f.text);
    await exercise("typescript", "doc.ts", sources, 10, 25, SEED + 10);
    await exercise("javascript", "doc.js", [...sources].reverse(), 6, 25, SEED + 11);
    rss.push(rssKb(server.process.pid!));
    assert.deepEqual(run.mismatches.splice(0), []);
  });

  it("memory stays flat over the Python run: the later documents grew the server by less than the first one plus a margin", () => {
    // Python only: every fresh TypeScript copy (in its own folder) adds an inferred project by design of this test.
    const [start, afterFirst, end] = rss;
    assert.ok(end - start < 400 * 1024, `RSS grew from ${start} KB to ${end} KB`);
    assert.ok(end - afterFirst < Math.max(afterFirst - start, 0) + 96 * 1024, `RSS keeps growing: ${rss.join(" -> ")} KB`);
  });
});
