/**
 * npx tsx scripts/mutate.ts [--only NAME[,NAME…]] [--list] [--keep] [--head]
 *
 * Run by hand, not in CI. A mutation check of the test suite: each named mutation in
 * scripts/mutations.ts (one deliberate breaking change to the product: a file, an exact text in
 * it, its replacement) is applied alone to a scratch copy of the repository, and only the test
 * files that cover it run there. A mutation is caught when one of them fails. The table lists
 * caught / NOT CAUGHT / equivalent per mutation; the exit status is 1 when a mutation that is not
 * argued equivalent goes uncaught, or when a mutation's text is no longer in its file (exactly
 * once): a mutation must not go stale silently.
 *
 * The scratch copy holds the working tree's tracked and untracked (not ignored) files, with
 * node_modules linked, so it tests what is on disk now; with --head it holds the last commit instead
 * (others' unfinished edits left out). A mutation's test files run one at a time, in the order
 * listed, until one fails; afterwards each file that caught a mutation runs once on the unmutated
 * copy, since one that fails already proves nothing (its mutations are then UNPROVEN).
 * --keep leaves the scratch copy for a look.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MUTATIONS, type Mutation } from "./mutations";

const REPO = path.join(__dirname, "..");
/** A test file's run may take this long before it counts as failed (a mutation that loops forever is caught). */
const TEST_TIMEOUT_MS = 10 * 60 * 1000;

/** The file's text with the mutation applied, or why it cannot be: its text must occur exactly once. */
export function mutatedText(text: string, mutation: Pick<Mutation, "name" | "file" | "find" | "replace">): { text: string } | { error: string } {
  const first = text.indexOf(mutation.find);
  if (first < 0) return { error: `${mutation.name}: its text is no longer in ${mutation.file}: ${JSON.stringify(mutation.find)}` };
  if (text.indexOf(mutation.find, first + 1) >= 0) return { error: `${mutation.name}: its text occurs more than once in ${mutation.file}: ${JSON.stringify(mutation.find)}` };
  if (mutation.find === mutation.replace) return { error: `${mutation.name}: the replacement is the text itself` };
  return { text: text.slice(0, first) + mutation.replace + text.slice(first + mutation.find.length) };
}

/** Every problem of the list itself: duplicate names, stale texts, missing test files. */
export function problemsOf(mutations: readonly Mutation[], root: string): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const mutation of mutations) {
    if (names.has(mutation.name)) problems.push(`${mutation.name}: the name is used twice`);
    names.add(mutation.name);
    const file = path.join(root, mutation.file);
    if (!fs.existsSync(file)) {
      problems.push(`${mutation.name}: ${mutation.file} does not exist`);
      continue;
    }
    const result = mutatedText(fs.readFileSync(file, "utf8"), mutation);
    if ("error" in result) problems.push(result.error);
    if (mutation.tests.length === 0 && !mutation.equivalent) problems.push(`${mutation.name}: no test file covers it`);
    for (const entry of mutation.tests) {
      const test = testFile(entry);
      if (!fs.existsSync(path.join(root, test))) problems.push(`${mutation.name}: its test file ${test} does not exist`);
    }
  }
  return problems;
}

/** A covering test entry is a file, or `file::pattern` to run only its tests whose names match. */
function testFile(entry: string): string {
  return entry.split("::")[0];
}

function namePatternOf(entry: string, mutation: { namePattern?: string }): string | undefined {
  const [, pattern] = entry.split("::");
  return pattern ?? mutation.namePattern;
}

function scratchCopy(fromHead: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "asynclint-mutate-"));
  if (fromHead) {
    const archive = spawnSync("git", ["archive", "--format=tar", "HEAD"], { cwd: REPO, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
    const unpacked = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
    if (unpacked.status !== 0) throw new Error(`tar failed: ${unpacked.stderr}`);
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
  }
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8", maxBuffer: 64 << 20 });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = path.join(REPO, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree
    const to = path.join(dir, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/**
 * Test files that run the bundle in dist/ (through the CLI harness, the LSP test client, or by
 * path): a mutation of the product needs a rebuild for them, and without one they fail for want of it.
 */
function usesBundle(scratch: string, test: string): boolean {
  const text = fs.readFileSync(path.join(scratch, test), "utf8");
  return /cliHarness|lspClient|["'/]dist["'/]/.test(text);
}

function build(scratch: string): string | undefined {
  fs.rmSync(path.join(scratch, "dist"), { recursive: true, force: true });
  const result = spawnSync(process.execPath, [path.join(scratch, "scripts", "build.mjs")], { cwd: scratch, encoding: "utf8" });
  return result.status === 0 ? undefined : `build failed: ${result.stderr}`;
}

interface TestRun {
  passed: boolean;
  output: string;
}

function runTests(scratch: string, tests: readonly string[], namePattern?: string): TestRun {
  const args = ["--import", "tsx", "--test", "--test-reporter=dot", ...(namePattern ? ["--test-name-pattern", namePattern] : []), ...tests];
  const result = spawnSync(process.execPath, args, { cwd: scratch, encoding: "utf8", timeout: TEST_TIMEOUT_MS, maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: "0" } });
  return { passed: result.status === 0 && result.signal === null, output: `${result.stdout}\n${result.stderr}` };
}

function parseArguments(argv: string[]): { only?: Set<string>; list: boolean; keep: boolean; head: boolean } {
  let only: Set<string> | undefined;
  let list = false;
  let keep = false;
  let head = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--only") only = new Set((argv[++i] ?? "").split(",").filter(Boolean));
    else if (argv[i] === "--list") list = true;
    else if (argv[i] === "--keep") keep = true;
    else if (argv[i] === "--head") head = true;
    else throw new Error(`unknown argument ${argv[i]} (use --only NAME[,NAME…], --list, --keep, --head)`);
  }
  return { only, list, keep, head };
}

function main(): number {
  const options = parseArguments(process.argv.slice(2));
  // With --head the texts are checked in the copy of the last commit instead, below.
  const problems = options.head && !options.list ? [] : problemsOf(MUTATIONS, REPO);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`error: ${problem}`);
    return 1;
  }
  if (options.list) {
    for (const m of MUTATIONS) console.log(`${m.name}\t${m.file}\t${m.tests.join(" ")}${m.equivalent ? `\tequivalent: ${m.equivalent}` : ""}`);
    return 0;
  }
  const selected = options.only ? MUTATIONS.filter((m) => options.only!.has(m.name)) : MUTATIONS;
  const unknown = [...(options.only ?? [])].filter((name) => !MUTATIONS.some((m) => m.name === name));
  if (unknown.length > 0) {
    console.error(`error: no mutation named ${unknown.join(", ")}`);
    return 1;
  }

  const scratch = scratchCopy(options.head);
  console.log(`scratch copy${options.head ? " of HEAD" : ""}: ${scratch}`);
  try {
    // The copy may differ from the working tree (--head): its texts are the ones that must match.
    const stale = problemsOf(selected, scratch);
    if (stale.length > 0) throw new Error(stale.join("\n"));
    const rows: { name: string; status: string; detail: string; caughtBy?: string; namePattern?: string }[] = [];
    for (const mutation of selected) {
      const started = Date.now();
      const file = path.join(scratch, mutation.file);
      const original = fs.readFileSync(file, "utf8");
      const mutated = mutatedText(original, mutation);
      if ("error" in mutated) throw new Error(mutated.error);
      let status = "NOT CAUGHT";
      let detail = "";
      let caughtBy: string | undefined;
      let namePattern: string | undefined;
      fs.writeFileSync(file, mutated.text);
      try {
        // One file at a time, in the order listed: the first that fails catches it. The bundle is rebuilt before the first file that runs it.
        let built = false;
        for (const entry of mutation.tests) {
          const test = testFile(entry);
          if (!built && usesBundle(scratch, test)) {
            built = true;
            if (build(scratch)) {
              status = "caught";
              detail = "the build fails";
              break;
            }
          }
          namePattern = namePatternOf(entry, mutation);
          if (!runTests(scratch, [test], namePattern).passed) {
            status = "caught";
            caughtBy = test;
            break;
          }
        }
        if (status !== "caught" && mutation.equivalent) {
          status = "equivalent";
          detail = mutation.equivalent;
        }
      } finally {
        fs.writeFileSync(file, original);
        // The next mutation's bundle tests, and the baseline, need the bundle of the unmutated code.
        if (mutation.tests.some((entry) => usesBundle(scratch, testFile(entry)))) fs.rmSync(path.join(scratch, "dist"), { recursive: true, force: true });
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      if (!detail) detail = caughtBy ? `by ${caughtBy} (${seconds} s)` : `${mutation.tests.join(" ")} all pass (${seconds} s)`;
      rows.push({ name: mutation.name, status, detail, caughtBy, namePattern });
      console.log(`${status.padEnd(11)} ${mutation.name}  ${detail}`);
    }

    // A file that fails unmutated catches nothing: each file that caught a mutation runs once more on the unmutated copy.
    if (rows.some((row) => row.caughtBy && usesBundle(scratch, row.caughtBy))) {
      const failure = build(scratch);
      if (failure) throw new Error(`unmutated ${failure}`);
    }
    const baseline = new Map<string, boolean>();
    for (const row of rows) {
      if (!row.caughtBy) continue;
      const key = `${row.caughtBy}\0${row.namePattern ?? ""}`;
      if (!baseline.has(key)) {
        const run = runTests(scratch, [row.caughtBy], row.namePattern);
        baseline.set(key, run.passed);
        if (!run.passed) console.log(`unmutated, ${row.caughtBy} fails already:\n${run.output.slice(-3000)}`);
      }
      if (!baseline.get(key)) {
        row.status = "UNPROVEN";
        row.detail = `${row.caughtBy} fails unmutated too`;
      }
    }

    const bad = rows.filter((row) => row.status === "NOT CAUGHT" || row.status === "UNPROVEN").length;
    const width = Math.max(...rows.map((row) => row.name.length), 8);
    console.log(`\n| ${"mutation".padEnd(width)} | result      | caught by / covering tests / why equivalent |`);
    console.log(`|${"-".repeat(width + 2)}|-------------|---|`);
    for (const row of rows) console.log(`| ${row.name.padEnd(width)} | ${row.status.padEnd(11)} | ${row.detail} |`);
    const caught = rows.filter((row) => row.status === "caught").length;
    const equivalent = rows.filter((row) => row.status === "equivalent").length;
    console.log(`\n${rows.length} mutations: ${caught} caught, ${equivalent} equivalent, ${bad} not caught or unproven`);
    return bad > 0 ? 1 : 0;
  } finally {
    if (!options.keep) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main();
