/**
 * By hand, not in CI: asynclint's AL102 (blocking-call) and AL302 (dangling-task) against the
 * peers' own labelled Python test cases.
 *
 *   npx tsx scripts/peers/pythonParityExisting.ts [--ruff DIR] [--flake8-async DIR] [--list]
 *
 * Ruff: a checkout (or `git archive`) holding `crates/ruff_linter/`; its flake8-async and RUF006
 * fixtures are labelled by the snapshot files beside the rules (`--> ASYNC210.py:8:5`).
 * flake8-async: a checkout holding `tests/eval_files/`, labelled inline (`# ASYNC210: 4, …`).
 * Neither is kept in this repository. Default folders: /work/realcode/peers/ruff and
 * /work/realcode/peers/flake8-async.
 *
 * A peer code maps to ours: ASYNC210/211/212/221/222/250 -> AL102, RUF006 and ASYNC300 -> AL302.
 * ASYNC220 (a process started: `Popen`, `os.popen`, `os.spawn*(P_NOWAIT)`) is not counted either
 * way: starting a process returns at once, and asynclint reports only waiting for it.
 * Recall: labelled lines where we report the mapped code. Precision: our findings of that code on
 * lines of the same fixtures that the peer labels with it (a finding on a line the peer leaves
 * unlabelled counts against us). flake8-async's trio-only twin of a file that has an `_asyncio`
 * twin is skipped (the same cases twice). `--list` prints every miss and every extra finding.
 *
 * Where we disagree with a peer's label on purpose, `ARGUED` says why (each argued by a fixture of
 * ours in test/fixtures/python); the numbers are printed as labelled and with those set aside.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { analyzePythonSource, initEngine } from "../../server/src/engine/analyze";
import { defaultSettings } from "../../server/src/engine/settings";

const OURS: Readonly<Record<string, string>> = {
  ASYNC210: "AL102",
  ASYNC211: "AL102",
  ASYNC212: "AL102",
  ASYNC221: "AL102",
  ASYNC222: "AL102",
  ASYNC250: "AL102",
  RUF006: "AL302",
  ASYNC300: "AL302",
};
/** Peer codes whose lines are neither positives nor negatives for us (see above). */
const NOT_COUNTED = new Set(["ASYNC220"]);
const CODES = ["AL102", "AL302"];

/** Labels we disagree with, by the line's text: a `miss` we leave out on purpose, an `extra` we report on purpose. */
const ARGUED: ReadonlyArray<{ kind: "miss" | "extra"; line: RegExp; reason: string }> = [
  { kind: "miss", line: /os\.posix_spawnp?\(/, reason: "posix_spawn starts the child and returns its pid, like Popen (the peers' ASYNC220 class): nothing waits" },
  { kind: "miss", line: /^c\.anything\(\)/, reason: "a urllib3 pool's other methods do no network I/O; only request/urlopen wait for a server" },
  { kind: "miss", line: /^(request\.)?urlopen\(\)/, reason: "a name nothing imports or binds is no evidence of urllib" },
  { kind: "miss", line: /^glob_client\.send\(\)/, reason: "the module binds glob_client to a client and to an int: a name bound to two things is not known" },
  { kind: "extra", line: /^foo\.request\(/, reason: "PoolManager.request sends whatever method it is given (a variable, a custom verb): the peer only matches verb literals" },
  { kind: "extra", line: /^client\.send\(\)$/, reason: "client: Client = Client() after `from httpx import Client` is an httpx client; the peer does not follow the alias" },
  { kind: "extra", line: /^task = unused = asyncio\.create_task/, reason: "neither name is read: the task is dropped (the peer's fixture calls it its own false negative)" },
  { kind: "extra", line: /^create_task\(\*args\)$/, reason: "a function-level `from asyncio import create_task` is asyncio's create_task (the peer does not track function-level imports)" },
];

function argued(kind: "miss" | "extra", text: string): string | undefined {
  return ARGUED.find((a) => a.kind === kind && a.line.test(text))?.reason;
}

interface LabelledFile {
  suite: string;
  name: string;
  text: string;
  /** Line (1-based) -> peer codes labelled there. */
  labels: Map<number, Set<string>>;
}

function add(labels: Map<number, Set<string>>, line: number, code: string): void {
  const set = labels.get(line) ?? new Set<string>();
  set.add(code);
  labels.set(line, set);
}

/** Ruff: fixtures named by the snapshots of the rules we map, labelled where the snapshots point. */
function ruffFiles(root: string): LabelledFile[] {
  const linter = path.join(root, "crates", "ruff_linter");
  const snapshotDirs = [path.join(linter, "src/rules/flake8_async/snapshots"), path.join(linter, "src/rules/ruff/snapshots")];
  const fixtureDirs = [path.join(linter, "resources/test/fixtures/flake8_async"), path.join(linter, "resources/test/fixtures/ruff")];
  const files = new Map<string, LabelledFile>();
  for (const dir of snapshotDirs) {
    if (!fs.existsSync(dir)) continue;
    for (const snapshot of fs.readdirSync(dir)) {
      const code = /__(ASYNC\d+|RUF\d+)_/.exec(snapshot)?.[1];
      if (!code || !(code in OURS || NOT_COUNTED.has(code))) continue;
      let current = code;
      for (const line of fs.readFileSync(path.join(dir, snapshot), "utf8").split("\n")) {
        const header = /^([A-Z]+\d+)\b/.exec(line);
        if (header) current = header[1];
        // Both snapshot styles: ` --> FILE.py:8:5` and `FILE.py:8:5: CODE message`.
        const at = /-->\s+(\S+\.py):(\d+):\d+/.exec(line) ?? /^(\S+\.py):(\d+):\d+: ([A-Z]+\d+)/.exec(line);
        if (!at) continue;
        const name = at[1];
        const fixture = fixtureDirs.map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
        if (!fixture) continue;
        let file = files.get(fixture);
        if (!file) files.set(fixture, (file = { suite: "ruff", name, text: fs.readFileSync(fixture, "utf8"), labels: new Map() }));
        add(file.labels, Number(at[2]), at[3] ?? current);
      }
    }
  }
  return [...files.values()];
}

/** flake8-async: eval files with inline labels of the codes we map. */
function flake8AsyncFiles(root: string): LabelledFile[] {
  const dir = path.join(root, "tests", "eval_files");
  if (!fs.existsSync(dir)) return [];
  const names = fs.readdirSync(dir).filter((n) => n.endsWith(".py"));
  const files: LabelledFile[] = [];
  for (const name of names) {
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    if (/^# NOASYNCIO/m.test(text) && names.includes(name.replace(/\.py$/, "_asyncio.py"))) continue;
    const labels = new Map<number, Set<string>>();
    text.split("\n").forEach((line, i) => {
      for (const match of line.matchAll(/#\s*(ASYNC\d{3})(?:_\w+)?:/g)) add(labels, i + 1, match[1]);
    });
    if ([...labels.values()].some((codes) => [...codes].some((c) => c in OURS))) files.push({ suite: "flake8-async", name, text, labels });
  }
  return files;
}

interface Tally {
  positives: number;
  found: number;
  findings: number;
  extra: number;
  /** Misses and extras set aside by ARGUED. */
  arguedMisses: number;
  arguedExtras: number;
  misses: string[];
  extras: string[];
}

function main(): void {
  const { values } = parseArgs({ options: { ruff: { type: "string" }, "flake8-async": { type: "string" }, list: { type: "boolean" } } });
  const ruff = values.ruff ?? "/work/realcode/peers/ruff";
  const flake8Async = values["flake8-async"] ?? "/work/realcode/peers/flake8-async";
  const suites = [
    { name: "ruff", files: ruffFiles(ruff) },
    { name: "flake8-async", files: flake8AsyncFiles(flake8Async) },
  ];
  // Not test code for our purposes: the peers' fixtures are the code under test.
  const settings = { ...defaultSettings(), testFiles: [] };
  for (const suite of suites) {
    const tallies = new Map(CODES.map((code) => [code, { positives: 0, found: 0, findings: 0, extra: 0, arguedMisses: 0, arguedExtras: 0, misses: [], extras: [] } as Tally]));
    for (const file of suite.files) {
      const findings = analyzePythonSource({ text: file.text, path: `peer/${file.name}` }, { settings }).findings;
      const lines = file.text.split("\n");
      for (const code of CODES) {
        const peerCodes = Object.keys(OURS).filter((c) => OURS[c] === code);
        // Only fixtures where the peer's rule for this code ran.
        if (![...file.labels.values()].some((codes) => peerCodes.some((c) => codes.has(c)))) continue;
        const tally = tallies.get(code)!;
        const ours = new Set(findings.filter((f) => f.code === code).map((f) => f.range.start.line + 1));
        for (const [line, codes] of file.labels) {
          if (!peerCodes.some((c) => codes.has(c))) continue;
          tally.positives++;
          if (ours.has(line)) tally.found++;
          else {
            const text = lines[line - 1]?.trim() ?? "";
            const why = argued("miss", text);
            if (why) tally.arguedMisses++;
            tally.misses.push(`${file.name}:${line}: ${text}${why ? `  [argued: ${why}]` : ""}`);
          }
        }
        for (const line of ours) {
          const codes = file.labels.get(line) ?? new Set<string>();
          if (peerCodes.some((c) => codes.has(c))) tally.findings++;
          else if (![...codes].some((c) => NOT_COUNTED.has(c))) {
            tally.findings++;
            tally.extra++;
            const text = lines[line - 1]?.trim() ?? "";
            const why = argued("extra", text);
            if (why) tally.arguedExtras++;
            tally.extras.push(`${file.name}:${line}: ${text}${why ? `  [argued: ${why}]` : ""}`);
          }
        }
      }
    }
    for (const [code, tally] of tallies) {
      if (tally.positives === 0 && tally.findings === 0) continue;
      const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : "-");
      const agreed = tally.positives - tally.arguedMisses;
      process.stdout.write(
        `${suite.name} ${code}: recall ${percent(tally.found, tally.positives)} (${tally.found}/${tally.positives} labelled lines), ` +
          `precision ${percent(tally.findings - tally.extra, tally.findings)} (${tally.findings - tally.extra}/${tally.findings} findings on labelled lines); ` +
          `with the argued cases set aside: recall ${percent(tally.found, agreed)} (${tally.found}/${agreed}), ` +
          `precision ${percent(tally.findings - tally.extra + tally.arguedExtras, tally.findings)}\n`,
      );
      if (values.list) {
        for (const miss of tally.misses) process.stdout.write(`  miss   ${miss}\n`);
        for (const extra of tally.extras) process.stdout.write(`  extra  ${extra}\n`);
      }
    }
  }
}

initEngine().then(main, (error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
