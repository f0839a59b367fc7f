/**
 * npm run realcode -- [options] DIR...
 *
 * Runs the CLI over real projects and sets its findings against the judgments kept in
 * test/realcode/judgments/*.jsonl (read by hand, in our words). Prints per rule code: findings,
 * judged useful / moot / wrong, unjudged findings to read, and judged findings that are gone.
 * A DIR is one project (its folder name is the project's name, as in test/realcode/projects.json)
 * or a folder holding several.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { loadJudgments } from "./judgments";
import { runPeer, type PeerCounts } from "./peer";
import { compare, formatTable } from "./report";
import { runCliOnProject, type ProjectFinding } from "./runCli";
import { seededSample } from "./seededSample";

const REPO = path.resolve(__dirname, "..", "..");

interface KnownProject {
  name: string;
  language: "python" | "typescript";
  repo: string;
  commit: string;
  kind: string;
}

const USAGE = `usage: npm run realcode -- [options] DIR...
  DIR                  a project folder (named as in projects.json) or a folder of them
  --cli FILE           the asynclint CLI to run (default: dist/cli.js of this repository)
  --judgments DIR      folder of *.jsonl judgments (default: test/realcode/judgments)
  --projects FILE      the list of known projects (default: test/realcode/projects.json)
  --language L         only projects of this language (python or typescript)
  --select CODES       pass --select CODES to the CLI: only those rules, in test code too, and rules that
                       are off by default (AL104, AL501, AL502) are checked
  --sample N           print a seeded sample of up to N unjudged findings per code, as
                       judgment lines to fill in (verdict and reason left empty)
  --seed S             the sample's seed (default 20261201)
  --template FILE      write that sample to FILE instead of printing it
  --unjudged           list every unjudged finding
  --gone               list the judged findings that are no longer reported
  --peer               also run ESLint + typescript-eslint (no-floating-promises, no-misused-promises,
                       no-await-in-loop; default options) on TypeScript/JavaScript projects
  --json FILE          write the comparison as JSON
  --check              exit 1 when a target is missed (at most 1 wrong in 10 per rule, 95% not
                       wrong overall, no wrong finding at error level)
  --timeout SECONDS    per project (default 900)`;

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      cli: { type: "string" },
      judgments: { type: "string" },
      projects: { type: "string" },
      language: { type: "string" },
      select: { type: "string" },
      sample: { type: "string" },
      seed: { type: "string" },
      template: { type: "string" },
      unjudged: { type: "boolean" },
      gone: { type: "boolean" },
      peer: { type: "boolean" },
      json: { type: "string" },
      check: { type: "boolean" },
      timeout: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE + "\n");
    return values.help ? 0 : 2;
  }
  const cli = path.resolve(values.cli ?? path.join(REPO, "dist", "cli.js"));
  if (!fs.existsSync(cli)) return fail(`no CLI at ${cli}: run npm run build first, or pass --cli`);
  const known = readProjects(path.resolve(values.projects ?? path.join(REPO, "test", "realcode", "projects.json")));
  const language = values.language;
  if (language !== undefined && language !== "python" && language !== "typescript") return fail(`--language: expected python or typescript, got ${language}`);
  const sampleSize = values.sample === undefined ? undefined : Number(values.sample);
  if (sampleSize !== undefined && !(Number.isInteger(sampleSize) && sampleSize > 0)) return fail(`--sample: expected a positive whole number, got ${values.sample}`);
  const seed = Number(values.seed ?? 20261201);
  if (!Number.isInteger(seed)) return fail(`--seed: expected a whole number, got ${values.seed}`);
  const timeout = Number(values.timeout ?? 900);
  if (!(timeout > 0)) return fail(`--timeout: expected a positive number of seconds, got ${values.timeout}`);

  const projects = findProjects(positionals.map((dir) => path.resolve(dir)), known).filter((project) => !language || project.known?.language === language);
  if (projects.length === 0) return fail(`no projects found in ${positionals.join(", ")}`);
  const judgments = loadJudgments(path.resolve(values.judgments ?? path.join(REPO, "test", "realcode", "judgments")));
  for (const problem of judgments.problems) process.stderr.write(`judgments: ${problem}\n`);

  const findings: ProjectFinding[] = [];
  const peers: PeerCounts[] = [];
  for (const project of projects) {
    const run = runCliOnProject(cli, project.name, project.dir, timeout, values.select);
    const perCode = countBy(run.findings, (finding) => finding.code);
    const note = project.known ? `${project.known.repo}@${project.known.commit.slice(0, 12)}` : "not in projects.json";
    process.stdout.write(
      `${project.name} (${note}): ${run.failure ? `FAILED: ${run.failure}` : `${run.findings.length} findings ${formatCounts(perCode)}`} in ${run.seconds.toFixed(1)} s\n`,
    );
    findings.push(...run.findings);
    if (values.peer && project.known?.language === "typescript") {
      const peer = runPeer(project.name, project.dir, timeout);
      peers.push(peer);
      process.stdout.write(`  peer ESLint + typescript-eslint: ${peer.failure ? `FAILED: ${peer.failure}` : formatCounts(peer.perRule)}\n`);
    }
  }

  const judgmentMap = new Map([...judgments.byKey].map(([key, value]) => [key, value]));
  const comparison = compare(findings, judgmentMap, new Set(projects.map((project) => project.name)));
  process.stdout.write("\n" + formatTable(comparison) + "\n");
  if (comparison.missed.length === 0) process.stdout.write("\ntargets met on the judged findings\n");
  else process.stdout.write("\ntargets missed:\n" + comparison.missed.map((line) => `  ${line}\n`).join(""));

  if (values.unjudged) {
    process.stdout.write(`\nunjudged findings (${comparison.unjudged.length}):\n`);
    for (const finding of comparison.unjudged) process.stdout.write(`  ${finding.project}:${finding.file}:${finding.line}:${finding.column}: ${finding.code} ${finding.message}\n`);
  }
  if (values.gone) {
    process.stdout.write(`\njudged findings no longer reported (${comparison.gone.length}):\n`);
    for (const judgment of comparison.gone) process.stdout.write(`  ${judgment.verdict.padEnd(6)} ${judgment.project}:${judgment.file}:${judgment.line}: ${judgment.code} (${judgment.reason})\n`);
  }
  if (sampleSize !== undefined) {
    const byCode = groupBy(comparison.unjudged, (finding) => finding.code);
    const lines = [...byCode.keys()].sort().flatMap((code) =>
      seededSample(byCode.get(code)!, sampleSize, seed).map((finding) =>
        JSON.stringify({ project: finding.project, file: finding.file, line: finding.line, code: finding.code, verdict: "", pattern: "", reason: "", message: finding.message }),
      ),
    );
    if (values.template) fs.writeFileSync(values.template, lines.join("\n") + (lines.length ? "\n" : ""));
    else process.stdout.write(`\nsample to judge (seed ${seed}):\n${lines.join("\n")}\n`);
  }
  if (values.json) fs.writeFileSync(values.json, JSON.stringify({ comparison, peers }, null, 2) + "\n");
  return values.check && comparison.missed.length > 0 ? 1 : 0;
}

interface FoundProject {
  name: string;
  dir: string;
  known?: KnownProject;
}

function readProjects(file: string): Map<string, KnownProject> {
  if (!fs.existsSync(file)) return new Map();
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { projects: KnownProject[] };
  return new Map(parsed.projects.map((project) => [project.name, project]));
}

/** A folder named like a known project is that project; any other folder is searched one level down. */
function findProjects(dirs: string[], known: Map<string, KnownProject>): FoundProject[] {
  const found: FoundProject[] = [];
  for (const dir of dirs) {
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      process.stderr.write(`realcode: ${dir} is not a folder; skipped\n`);
      continue;
    }
    const name = path.basename(dir);
    if (known.has(name)) {
      found.push({ name, dir, known: known.get(name) });
      continue;
    }
    const children = fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !entry.name.startsWith("."));
    const projects = children.filter((entry) => known.has(entry.name));
    if (projects.length === 0) found.push({ name, dir });
    for (const entry of projects.sort((a, b) => a.name.localeCompare(b.name))) found.push({ name: entry.name, dir: path.join(dir, entry.name), known: known.get(entry.name) });
  }
  return found;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function formatCounts(counts: ReadonlyMap<string, number>): string {
  const entries = [...counts].sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? "(none)" : "(" + entries.map(([code, count]) => `${code} ${count}`).join(", ") + ")";
}

function fail(message: string): number {
  process.stderr.write(`realcode: ${message}\n${USAGE}\n`);
  return 2;
}

process.exitCode = main();
