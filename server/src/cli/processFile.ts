import { fixAll } from "../engine/fixAll";
import { FileChangedError, NotWritableError, writeFileAtomic } from "./atomicWrite";
import { describeError } from "./discover";
import { emptyOutcome, type FileOutcome, type RunContext } from "./fileOutcome";
import { fileWritten, type PerFileLanguage } from "./languages";

/** Passes of fix-then-reanalyze per file; fixes that keep producing work stop here. */
export const MAX_FIX_PASSES = 10;

/**
 * Checks one file of a per-file language: load, analyze, and with --fix/--diff apply the chosen
 * fixes until nothing fixable is left, then report what remains in the fixed text. Never throws:
 * every problem becomes a message of the outcome. With `content` (standard input) nothing is
 * read from or written to disk: use fix mode "diff" to get the fixed text.
 */
export function processFile(file: string, language: PerFileLanguage, context: RunContext, content?: Buffer): FileOutcome {
  const outcome = emptyOutcome(file);
  const { settings, problems } = context.settingsFor(file);
  outcome.configProblems = problems;
  const loaded = language.load(file, settings, content);
  if (!loaded.ok) {
    outcome.messages.push({ level: loaded.skipped ? "note" : "error", text: loaded.message });
    return outcome;
  }
  const { source } = loaded;
  const result = language.analyze(source.text, file, settings, source);
  for (const notice of result.notices) outcome.messages.push({ level: "note", text: notice.message, subject: notice.subject });
  if (context.fixMode === "off" || !result.findings.some((finding) => finding.fixes.length > 0)) {
    outcome.findings = result.findings;
    return outcome;
  }
  // The last pass of fixAll analyzes the final text: remember it instead of analyzing it again.
  let last = { text: source.text, findings: result.findings };
  const analyzeText = (text: string) => {
    if (text !== last.text) last = { text, findings: language.analyze(text, file, settings, source).findings };
    return last.findings;
  };
  const fixed = fixAll(source.text, analyzeText, {
    // `--unsafe-fixes`, or the project's `unsafeFixes = true` (as Ruff's `unsafe-fixes`).
    unsafe: context.unsafeFixes || settings.unsafeFixes,
    maxPasses: MAX_FIX_PASSES,
  });
  if (fixed.text === source.text) {
    outcome.findings = result.findings;
    return outcome;
  }
  const remaining = analyzeText(fixed.text);
  // Standard input is never written back to a file of the same name.
  if (context.fixMode === "diff" || content) {
    outcome.fixesApplied = fixed.applied;
    outcome.diff = source.fileTexts ? source.fileTexts(fixed.text) : { before: source.text, after: fixed.text };
    if (content) {
      const bytes = source.serialize(fixed.text);
      if (bytes.ok) outcome.fixedContent = bytes.bytes;
    }
    outcome.findings = remaining;
    return outcome;
  }
  const bytes = source.serialize(fixed.text);
  if (!bytes.ok) {
    outcome.messages.push({ level: "note", text: `not fixed: ${bytes.reason}.` });
    outcome.findings = result.findings;
    return outcome;
  }
  try {
    writeFileAtomic(file, bytes.bytes, source.snapshot);
    fileWritten(file);
  } catch (error) {
    const text =
      error instanceof FileChangedError
        ? "not fixed: the file changed on disk while asynclint was fixing it (the other edit is kept); run asynclint again"
        : error instanceof NotWritableError
          ? `not fixed: ${error.message}`
          : `cannot write the fixes: ${describeError(error)}`;
    outcome.messages.push({ level: "error", text });
    outcome.findings = result.findings;
    return outcome;
  }
  outcome.fixesApplied = fixed.applied;
  outcome.findings = remaining;
  return outcome;
}
