import { pathToFileURL } from "node:url";
import { RULES } from "../../engine/catalogue";
import { levelWhenSelected, offByDefault, type RuleMeta } from "../../engine/rule";
import type { Range, Severity } from "../../engine/types";
import { toFsPath } from "../../engine/rawFileNames";
import { ruleDocUri } from "../../lsp/ruleDocs";
import { displayPath, type CheckReport } from "./report";

/**
 * SARIF 2.1.0, the format GitHub code scanning (and other dashboards) import: one run with the
 * whole rule catalogue as the tool's rules (documentation, default level, help link), one result
 * per finding with its region and its fixes as replacements.
 */
export function formatSarif(report: CheckReport, toolVersion: string): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.code, index]));
  const root = "%SRCROOT%";
  const location = (file: string) => {
    const shown = displayPath(file, report.cwd);
    // Files under the working directory are relative to it, so the log does not depend on where CI checked out.
    return shown.startsWith("/") || /^[A-Za-z]:/.test(shown) ? { uri: fileUri(file) } : { uri: encodePath(shown), uriBaseId: root };
  };
  const results = report.outcomes.flatMap((outcome) =>
    outcome.findings.map((finding) => ({
      ruleId: finding.code,
      ...(ruleIndex.has(finding.code) ? { ruleIndex: ruleIndex.get(finding.code) } : {}),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      // A notebook's finding is placed in its cell (`properties.cell`); its fixes edit the cells' program, not the file, so none are listed.
      locations: [{ physicalLocation: { artifactLocation: location(outcome.file), region: region(finding.notebookCell?.range ?? finding.range) } }],
      ...(finding.notebookCell ? { properties: { cell: finding.notebookCell.cell } } : {}),
      ...(finding.related && !finding.notebookCell
        ? {
            relatedLocations: finding.related.map((place, id) => ({
              id,
              physicalLocation: { artifactLocation: location(place.file ?? outcome.file), region: region(place.range) },
              message: { text: place.message },
            })),
          }
        : {}),
      ...(finding.fixes.length > 0 && !finding.notebookCell
        ? {
            fixes: finding.fixes.map((fix) => ({
              description: { text: fix.safe ? fix.title : `${fix.title} (unsafe: review the change)` },
              artifactChanges: [
                {
                  artifactLocation: location(outcome.file),
                  replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
                },
              ],
            })),
          }
        : {}),
    })),
  );
  const notifications = report.outcomes.flatMap((outcome) =>
    outcome.messages.map((message) => ({
      level: message.level === "error" ? "error" : "note",
      message: { text: message.text },
      locations: [{ physicalLocation: { artifactLocation: location(outcome.file) } }],
    })),
  );
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "asynclint", version: toolVersion, semanticVersion: toolVersion, rules: RULES.map(sarifRule) } },
        originalUriBaseIds: { [root]: { uri: directoryUri(report.cwd) } },
        columnKind: "utf16CodeUnits",
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: [...notifications, ...report.errors.map((text) => ({ level: "error", message: { text } }))],
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", information: "note", hint: "note" };

/** SARIF lines and columns are 1-based and the end column is exclusive, as in our ranges. */
function region(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function directoryUri(dir: string): string {
  const href = fileUri(dir);
  return href.endsWith("/") ? href : `${href}/`;
}

/**
 * A path as URI path characters: every byte but the unreserved ones and `/` percent-encoded, so
 * `a#b.py` stays one file (not `a` with a fragment), `http:evil.py` stays a relative path (not a
 * web address), and a name that is not UTF-8 keeps its exact bytes (see rawFileNames.ts).
 */
function encodePath(file: string): string {
  const raw = toFsPath(file);
  const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~/]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** `file:` URI of an absolute path; on Windows Node's own (drive letters, UNC shares). */
function fileUri(file: string): string {
  if (process.platform === "win32") return pathToFileURL(file).href;
  return `file://${encodePath(file)}`;
}

function sarifRule(rule: RuleMeta) {
  const helpUri = ruleDocUri(rule.code);
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.whatItDoes },
    help: { text: `${rule.whatItDoes}\n\n${rule.whyIsThisBad}`, markdown: helpMarkdown(rule) },
    ...(helpUri ? { helpUri } : {}),
    // A rule off by default is described as disabled, with the level it reports at once selected.
    defaultConfiguration: offByDefault(rule) ? { enabled: false, level: LEVEL[levelWhenSelected(rule)] } : { level: LEVEL[rule.defaultSeverity.python as Severity] },
    properties: { tags: ["asyncio", "concurrency"], ...(rule.aliases ? { aliases: rule.aliases } : {}) },
  };
}

/** The rule page in short: what code scanning shows beside an alert. */
function helpMarkdown(rule: RuleMeta): string {
  const parts = [`**${rule.code} ${rule.name}**: ${rule.summary}`, "## What it does", rule.whatItDoes, "## Why is this bad", rule.whyIsThisBad, ...(rule.throughHelpers ? ["## Through a helper", rule.throughHelpers] : [])];
  for (const example of rule.examples) {
    const fence = example.language === "python" ? "python" : "ts";
    parts.push("## Example", "```" + fence + "\n" + example.bad.trimEnd() + "\n```", "Use instead:", "```" + fence + "\n" + example.good.trimEnd() + "\n```");
  }
  if (rule.fix) parts.push("## Fix", rule.fix);
  return parts.join("\n\n");
}
