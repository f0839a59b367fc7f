/**
 * npx tsx scripts/peers/pythonParity.ts [--verbose] DIR...
 *
 * Run by hand, not in CI. Measures asynclint's new Python rules against the peers' own labelled
 * test suites, read from checkouts of their repositories under DIR (never copied into this one):
 *
 * - Ruff (`crates/ruff_linter`): each fixture file of a mapped rule, labelled by its snapshot
 *   (`src/rules/<family>/snapshots/…__<CODE>_<FILE>.snap`, one `--> FILE:LINE:COL` per finding).
 * - flake8-async (`tests/eval_files`): each eval file of a mapped rule, labelled by its comments
 *   (`# ASYNC230: 4, 'open'`, `# error: 16, "trio"`), run as its own test harness runs it: under
 *   asyncio the file's library is replaced by asyncio (skipped with `# NOASYNCIO`, no labels with
 *   `# ASYNCIO_NO_ERROR`); the blocking codes are run under trio too (the library the file is
 *   written for, unless `# NOTRIO`).
 *
 * Per mapped code: the peer's labelled positives, how many asynclint reports on the same line with
 * the code mapped to (recall), and of asynclint's findings of that code in the same files, how many
 * are on a labelled line (precision). Cases are split by library: asyncio (the targets) and
 * trio/anyio. With --verbose every miss and every extra finding is listed with its line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";

/** Peer code -> ours. */
const MAPPED: Record<string, string> = {
  ASYNC100: "AL204",
  ASYNC109: "AL501",
  ASYNC110: "AL203",
  ASYNC230: "AL103",
  ASYNC231: "AL103",
  ASYNC232: "AL103",
  ASYNC240: "AL104",
  RUF029: "AL502",
};

type Library = "asyncio" | "trio/anyio";

/**
 * The peer code one of our findings corresponds to, where one of ours covers several of theirs:
 * an AL103 on an `open()` is ASYNC230's, on a file object's method ASYNC232's. Undefined: none of
 * theirs (a path's `read_text`, `shutil`), judged wherever any code mapping to ours is enabled.
 */
function peerKindOf(code: string, message: string): string | undefined {
  if (code !== "AL103") return Object.keys(MAPPED).find((peer) => MAPPED[peer] === code);
  if (/^`[^`]*\(…\)` opens a sync file/.test(message)) return "ASYNC230";
  if (/is a call on a sync file/.test(message)) return "ASYNC232";
  return undefined;
}

/**
 * Differences from the peers that are deliberate, each argued in one of our fixtures
 * (test/fixtures/python/AL10x_… / AL20x_… / AL50x_…). A miss or an extra finding that matches one is
 * reported apart, so the strict figures and the figures net of them are both shown.
 */
const ARGUED: Array<{ peer: string; kind: "miss" | "extra"; test: (c: { text: string; function: string; before: string }) => boolean; reason: string }> = [
  { peer: "ASYNC110", kind: "miss", test: (c) => /^while (True|1|\.\.\.):/.test(c.text), reason: "a loop that sleeps forever polls no state (AL203 fixture: serve_forever)" },
  { peer: "ASYNC231", kind: "miss", test: (c) => /os\.fdopen/.test(c.text), reason: "os.fdopen only wraps a descriptor, in async code mostly a pipe handed to asyncio's pipe transport; the sync reads and writes on the file are reported (AL103 fixtures: follow_pipe, report_to_parent)" },
  { peer: "ASYNC240", kind: "miss", test: (c) => /\b(normpath|relpath|abspath)\(/.test(c.text), reason: "path arithmetic or the current folder: no disk access (AL104 fixture: names_only)" },
  { peer: "ASYNC240", kind: "miss", test: (c) => /\bos\.path\._\w+\(/.test(c.text), reason: "a private helper of os.path (behind normpath and realpath), not an API code calls; realpath itself is reported" },
  { peer: "ASYNC240", kind: "miss", test: (c) => /^(return )?await /.test(c.text), reason: "an awaited call is not the sync API (AL104 fixture: async_file_system)" },
  { peer: "ASYNC232", kind: "miss", test: (c) => !/\.(read|read1|readinto|readline|readlines|write|writelines|flush|truncate)\(/.test(c.text), reason: "not a method that reaches the disk" },
  { peer: "ASYNC232", kind: "miss", test: (c) => /^implicit_overridden_type$/.test(c.function), reason: "the name was bound again to an unknown call or a number before the call: not a file (flake8-async lists these among its own known wrong cases)" },
  { peer: "ASYNC232", kind: "extra", test: (c) => /should error/.test(c.text) || /not handled/.test(c.before), reason: "a case flake8-async marks as one it should report but does not" },
  { peer: "RUF029", kind: "miss", test: () => true, reason: "a public function the module never calls: on real code each one was used by another module as a coroutine function (AL502 fixture: never_called, create_connection_stub)" },
  { peer: "ASYNC109", kind: "extra", test: (c) => /#\s*noqa\s*$/.test(c.text), reason: "a bare `# noqa` is not honoured (README: Suppressing findings)" },
];

interface Case {
  suite: string;
  file: string;
  library: Library;
  /** The peer's code, for the labelled positives. */
  peer: string;
  ours: string;
  line: number;
  text: string;
}

interface Run {
  suite: string;
  file: string;
  source: string;
  library: Library;
  /** Labelled positives: peer code by line. */
  labels: Array<{ line: number; peer: string }>;
  /** The codes of ours whose findings in this file are judged (those the peer's enabled codes map to). */
  ours: Set<string>;
  /** The peer codes the file enables. */
  enabled: Set<string>;
}

function filesUnder(dir: string, predicate: (file: string) => boolean, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "target") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(full, predicate, found);
    else if (predicate(full)) found.push(full);
  }
  return found;
}

/** A case's library, from the line it is on: `trio.`/`anyio.` named there, else asyncio. */
function libraryOfLine(text: string, fileLibrary: Library): Library {
  if (/\b(trio|anyio)\./.test(text)) return "trio/anyio";
  if (/\basyncio\./.test(text)) return "asyncio";
  return fileLibrary;
}

/** A file's library when its lines do not say: trio or anyio imported without asyncio. */
function libraryOfFile(source: string): Library {
  const imports = (name: string) => new RegExp(`^\\s*(import|from)\\s+${name}\\b`, "m").test(source);
  return (imports("trio") || imports("anyio")) && !imports("asyncio") ? "trio/anyio" : "asyncio";
}

// --- Ruff ---------------------------------------------------------------------------------------

function ruffRuns(root: string): Run[] {
  const runs: Run[] = [];
  const snapshots = filesUnder(root, (file) => file.endsWith(".snap") && file.includes(`${path.sep}snapshots${path.sep}`));
  for (const snapshot of snapshots) {
    // ruff_linter__rules__flake8_async__tests__ASYNC230_ASYNC230.py.snap
    const match = /__tests__([A-Z]+[0-9]+)_(.+\.py)\.snap$/.exec(path.basename(snapshot));
    if (!match || !MAPPED[match[1]]) continue;
    const [, peer, fixtureName] = match;
    const family = path.basename(path.dirname(path.dirname(snapshot)));
    const fixtures = filesUnder(root, (file) => path.basename(file) === fixtureName && file.includes(`fixtures${path.sep}${family}${path.sep}`));
    if (fixtures.length !== 1) continue;
    const source = fs.readFileSync(fixtures[0], "utf8");
    const labels = [...fs.readFileSync(snapshot, "utf8").matchAll(/-->\s+\S+?\.py:(\d+):\d+/g)].map((m) => ({ line: Number(m[1]), peer }));
    const fileLibrary = libraryOfFile(source);
    runs.push({ suite: "Ruff", file: `${family}/${fixtureName}`, source, library: fileLibrary, labels, ours: new Set([MAPPED[peer]]), enabled: new Set(peer === "ASYNC230" ? ["ASYNC230", "ASYNC231", "ASYNC232"] : [peer]) });
  }
  return runs;
}

// --- flake8-async -------------------------------------------------------------------------------

/** flake8-async's own substitution of one library's name for another's, at word boundaries. */
function replaceLibrary(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`(?<!-)(?:\\b|(?<=_))${from}\\b`, "g"), to);
}

function flake8Runs(root: string): Run[] {
  const runs: Run[] = [];
  const evalFiles = filesUnder(root, (file) => file.includes(`tests${path.sep}eval_files${path.sep}`) && file.endsWith(".py"));
  for (const file of evalFiles) {
    const name = path.basename(file, ".py");
    const fileCode = /^async(\d\d\d)/.exec(name) ? `ASYNC${name.slice(5, 8)}` : undefined;
    const source = fs.readFileSync(file, "utf8");
    const enabled = /#\s*ARG --enable=([\w,]+)/.exec(source)?.[1].split(",") ?? (fileCode ? [fileCode] : []);
    if (!enabled.some((code) => MAPPED[code])) continue;
    const marker = (m: string) => new RegExp(`#\\s*${m}\\b`).test(source);
    const base = /#\s*BASE_LIBRARY (\w+)/.exec(source)?.[1] ?? "trio";
    const labelsOf = (text: string) => {
      const labels: Array<{ line: number; peer: string }> = [];
      text.split("\n").forEach((raw, index) => {
        const line = raw.trim();
        if (!line || line.startsWith("#") || !line.includes("#")) return;
        for (const m of line.matchAll(/(error|ASYNC\d\d\d)(_\w*)?:([^#]*)(?=#|$)/g)) {
          const code = m[1] === "error" ? fileCode : m[1];
          if (code && enabled.includes(code) && MAPPED[code]) labels.push({ line: index + 1, peer: code });
        }
      });
      return labels;
    };
    const ours = new Set(enabled.flatMap((code) => (MAPPED[code] ? [MAPPED[code]] : [])));
    if (!marker("NOASYNCIO")) {
      const text = base === "asyncio" ? source : replaceLibrary(source, base, "asyncio");
      runs.push({ suite: "flake8-async", file: `${name}.py (asyncio)`, source: text, library: "asyncio", labels: marker("ASYNCIO_NO_ERROR") ? [] : labelsOf(text), ours, enabled: new Set(enabled) });
    }
    // The blocking codes apply under every library: run the file as written for trio.
    const blocking = enabled.some((code) => ["ASYNC230", "ASYNC231", "ASYNC232", "ASYNC240"].includes(code));
    if (blocking && base === "trio" && !marker("NOTRIO")) {
      runs.push({ suite: "flake8-async", file: `${name}.py (trio)`, source, library: "trio/anyio", labels: marker("TRIO_NO_ERROR") ? [] : labelsOf(source), ours, enabled: new Set(enabled) });
    }
  }
  return runs;
}

// --- measuring ----------------------------------------------------------------------------------

interface Tally {
  positives: number;
  found: number;
  ours: number;
  onLabels: number;
  misses: Case[];
  extras: Case[];
  /** Misses and extras that are argued differences, with the reason. */
  arguedMisses: Array<Case & { reason: string }>;
  arguedExtras: Array<Case & { reason: string }>;
}

/** The name of the def around a line, and the line before that def (a comment on it). */
function context(lines: string[], line: number): { function: string; before: string } {
  for (let i = line - 1; i >= 0; i--) {
    const m = /^\s*(?:async\s+)?def\s+(\w+)/.exec(lines[i]);
    if (m) return { function: m[1], before: lines[i - 1] ?? "" };
  }
  return { function: "", before: "" };
}

/** A 232-style miss on a file the same function opened, where we report the open: one finding per file. */
function coveredAtOpen(lines: string[], line: number, reported: Set<string>): boolean {
  for (let i = line - 1; i >= 1; i--) {
    const text = lines[i - 1];
    if (/^\s*(?:async\s+)?def\s/.test(text)) return false;
    if (/\bopen\(/.test(text) && reported.has(`${i}:AL103`)) return true;
  }
  return false;
}

function main(): void {
  const args = process.argv.slice(2);
  const verbose = args.includes("--verbose");
  const dirs = args.filter((arg) => !arg.startsWith("--"));
  if (dirs.length === 0) {
    process.stderr.write("usage: npx tsx scripts/peers/pythonParity.ts [--verbose] DIR...  (checkouts of astral-sh/ruff and/or python-trio/flake8-async)\n");
    process.exitCode = 2;
    return;
  }
  const runs = dirs.flatMap((dir) => {
    const root = path.resolve(dir);
    return [...ruffRuns(root), ...flake8Runs(root)];
  });
  const settings = defaultSettings();
  // Every mapped rule on, also those off by default.
  for (const code of new Set(Object.values(MAPPED))) settings.rules[code] = "warning";
  const tallies = new Map<string, Tally>();
  const tally = (suite: string, library: Library, peer: string) => {
    const key = `${suite}\t${library}\t${peer}`;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { positives: 0, found: 0, ours: 0, onLabels: 0, misses: [], extras: [], arguedMisses: [], arguedExtras: [] }));
    return t;
  };
  for (const run of runs) {
    const lines = run.source.split("\n");
    const all = analyzePythonSource({ text: run.source }, { settings }).findings;
    const reportedAnywhere = new Set(all.map((f) => `${f.range.start.line + 1}:${f.code}`));
    const findings = all.filter((f) => {
      if (!run.ours.has(f.code)) return false;
      // Judged only where the file enables the peer code it corresponds to (async232 files enable no ASYNC230).
      const kind = peerKindOf(f.code, f.message);
      return kind === undefined || run.enabled.has(kind);
    });
    const reported = new Set(findings.map((f) => `${f.range.start.line + 1}:${f.code}`));
    const labelled = new Set(run.labels.map((label) => `${label.line}:${MAPPED[label.peer]}`));
    for (const label of run.labels) {
      const text = lines[label.line - 1]?.trim() ?? "";
      const t = tally(run.suite, libraryOfLine(`${text} ${lines[label.line]?.trim() ?? ""}`, run.library), label.peer);
      t.positives++;
      const c = { suite: run.suite, file: run.file, library: run.library, peer: label.peer, ours: MAPPED[label.peer], line: label.line, text };
      if (reported.has(`${label.line}:${MAPPED[label.peer]}`)) t.found++;
      else if (label.peer === "ASYNC232" && coveredAtOpen(lines, label.line, reportedAnywhere)) t.arguedMisses.push({ ...c, reason: "the file is opened in the same coroutine: reported once, at the open, whose message names its reads and writes; a file opened in a thread keeps its reads reported (AL103 fixtures: backup_running_config, restore_config)" });
      else {
        const argued = ARGUED.find((a) => a.peer === label.peer && a.kind === "miss" && a.test({ text, ...context(lines, label.line) }));
        if (argued) t.arguedMisses.push({ ...c, reason: argued.reason });
        else t.misses.push(c);
      }
    }
    for (const finding of findings) {
      const line = finding.range.start.line + 1;
      const text = lines[line - 1]?.trim() ?? "";
      const kind = peerKindOf(finding.code, finding.message);
      const peer = kind ?? Object.keys(MAPPED).find((code) => MAPPED[code] === finding.code && run.enabled.has(code))!;
      const t = tally(run.suite, libraryOfLine(text, run.library), peer);
      t.ours++;
      if (labelled.has(`${line}:${finding.code}`)) {
        t.onLabels++;
        continue;
      }
      const c = { suite: run.suite, file: run.file, library: run.library, peer, ours: finding.code, line, text };
      const argued = ARGUED.find((a) => a.peer === peer && a.kind === "extra" && a.test({ text, ...context(lines, line) }));
      if (argued) t.arguedExtras.push({ ...c, reason: argued.reason });
      else t.extras.push(c);
    }
  }
  const percent = (a: number, b: number) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(0)}%`);
  const rows = [...tallies].sort(([a], [b]) => a.localeCompare(b));
  process.stdout.write(`${runs.length} labelled peer files read\n\n`);
  process.stdout.write("recall: labelled positives found; net: with the argued differences set aside (misses not counted as positives, extras not as findings)\n\n");
  process.stdout.write("suite          library     peer      ours   positives found recall  argued  net-recall   findings on-labels precision  argued  net-precision\n");
  const line = (label: string, t: Pick<Tally, "positives" | "found" | "ours" | "onLabels"> & { am: number; ae: number }) =>
    `${label} ${String(t.positives).padStart(9)} ${String(t.found).padStart(5)} ${percent(t.found, t.positives).padStart(6)} ${String(t.am).padStart(7)} ${percent(t.found, t.positives - t.am).padStart(11)}   ${String(t.ours).padStart(8)} ${String(t.onLabels).padStart(9)} ${percent(t.onLabels, t.ours).padStart(9)} ${String(t.ae).padStart(7)} ${percent(t.onLabels, t.ours - t.ae).padStart(14)}\n`;
  for (const [key, t] of rows) {
    const [suite, library, peer] = key.split("\t");
    process.stdout.write(line(`${suite.padEnd(14)} ${library.padEnd(11)} ${peer.padEnd(9)} ${MAPPED[peer].padEnd(6)}`, { ...t, am: t.arguedMisses.length, ae: t.arguedExtras.length }));
  }
  process.stdout.write("\n");
  for (const library of ["asyncio", "trio/anyio"] as const) {
    const picked = rows.filter(([key]) => key.split("\t")[1] === library).map(([, t]) => t);
    const sum = (f: (t: Tally) => number) => picked.reduce((n, t) => n + f(t), 0);
    const total = { positives: sum((t) => t.positives), found: sum((t) => t.found), ours: sum((t) => t.ours), onLabels: sum((t) => t.onLabels), am: sum((t) => t.arguedMisses.length), ae: sum((t) => t.arguedExtras.length) };
    process.stdout.write(line(`${"all suites".padEnd(14)} ${library.padEnd(11)} ${"all".padEnd(9)} ${"".padEnd(6)}`, total));
  }
  if (verbose) {
    for (const [key, t] of rows) {
      const where = key.replace(/\t/g, " ");
      for (const c of t.misses) process.stdout.write(`miss    ${where}  ${c.file}:${c.line}  ${c.text}\n`);
      for (const c of t.extras) process.stdout.write(`extra   ${where}  ${c.file}:${c.line}  ${c.text}\n`);
      for (const c of t.arguedMisses) process.stdout.write(`argued  ${where}  ${c.file}:${c.line}  ${c.text}  -- ${c.reason}\n`);
      for (const c of t.arguedExtras) process.stdout.write(`argued+ ${where}  ${c.file}:${c.line}  ${c.text}  -- ${c.reason}\n`);
    }
  }
}

initEngine().then(main, (error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
