import * as fs from "node:fs";
import * as path from "node:path";
import { analyzePythonSource, analyzeTypeScriptSource } from "../../../server/src/engine/analyze";
import { applyEdits } from "../../../server/src/engine/applyEdits";
import { ruleByCode } from "../../../server/src/engine/catalogue";
import { LineIndex } from "../../../server/src/engine/lineIndex";
import { defaultSettings, type Settings } from "../../../server/src/engine/settings";
import type { AnalysisResult, Range } from "../../../server/src/engine/types";
import { normalizeFileName, TypeScriptProjects } from "../../../server/src/typescript/projects";
import { FIXTURES, listFiles } from "../../support/fixtures";

export const PYTHON_FIXTURES = path.join(FIXTURES, "python");
export const TYPESCRIPT_PROJECT = path.join(FIXTURES, "typescript", "project");

/** Every Python fixture text (rule fixtures and the package used for imports). */
export function pythonFixtureTexts(): Array<{ name: string; text: string }> {
  const files = [...listFiles(PYTHON_FIXTURES, ".py"), ...listFiles(path.join(PYTHON_FIXTURES, "netpkg"), ".py")];
  return files.map((file) => ({ name: path.relative(FIXTURES, file), text: fs.readFileSync(file, "utf8") }));
}

export function typeScriptFixtureTexts(): Array<{ name: string; text: string }> {
  const dir = path.join(TYPESCRIPT_PROJECT, "src");
  return [...listFiles(dir, ".ts"), ...listFiles(dir, ".js")].map((file) => ({ name: path.relative(FIXTURES, file), text: fs.readFileSync(file, "utf8") }));
}

/** Settings with no size cap in the way, so that big inputs are really analyzed. */
export function uncappedSettings(): Settings {
  return { ...defaultSettings(), maxFileSize: 64 * 1024 * 1024 };
}

export function analyzePython(text: string, settings = uncappedSettings(), file?: string): AnalysisResult {
  return analyzePythonSource({ text, path: file }, { settings });
}

/**
 * Analyzes TypeScript text as an unsaved editor buffer of a file in the fixture project, the
 * way the server does: the text is an overlay over the disk, the program is reused across calls.
 */
export class TypeScriptScratch {
  private readonly unsaved = new Map<string, { text: string; version: number }>();
  private version = 0;
  readonly projects = new TypeScriptProjects((file) => this.unsaved.get(file), [TYPESCRIPT_PROJECT]);

  analyze(text: string, fileName = "scratch.ts", settings = uncappedSettings()): AnalysisResult {
    const file = normalizeFileName(path.join(TYPESCRIPT_PROJECT, "src", fileName));
    this.unsaved.set(file, { text, version: ++this.version });
    this.projects.documentChanged();
    return analyzeTypeScriptSource(file, { settings, projects: this.projects });
  }
}

function inside(range: Range, lines: LineIndex): boolean {
  const { start, end } = range;
  const valid = (p: Range["start"]) => p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length;
  const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
  return valid(start) && valid(end) && ordered;
}

/**
 * What any result must look like, whatever the input: known codes, ranges inside the text,
 * messages, and fixes whose edits apply (in range, not overlapping).
 */
export function wellFormedProblems(text: string, result: AnalysisResult): string[] {
  const problems: string[] = [];
  const lines = new LineIndex(text);
  // Applying a fix copies the whole text: on a 1 MB line with 70,000 findings, applying every
  // one costs minutes. Every edit's range is still checked; the first fixes are also applied.
  let fixesToApply = 200;
  for (const notice of result.notices) if (!notice.message) problems.push("a notice without a message");
  for (const finding of result.findings) {
    const where = `${finding.code} at ${finding.range.start.line}:${finding.range.start.character}`;
    if (!ruleByCode(finding.code)) problems.push(`${where}: unknown code`);
    if (!inside(finding.range, lines)) problems.push(`${where}: range outside the text ${JSON.stringify(finding.range)}`);
    if (!finding.message) problems.push(`${where}: empty message`);
    for (const fix of finding.fixes) {
      if (!fix.title) problems.push(`${where}: a fix without a title`);
      for (const edit of fix.edits) if (!inside(edit.range, lines)) problems.push(`${where}: fix "${fix.title}" edits outside the text`);
      if (fixesToApply-- <= 0) continue;
      try {
        applyEdits(text, fix.edits);
      } catch (error) {
        problems.push(`${where}: fix "${fix.title}" does not apply: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}
