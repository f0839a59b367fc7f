import { ruleByCode } from "./catalogue";
import { offByDefault } from "./rule";
import type { RawFinding } from "./analyze";
import type { Settings } from "./settings";
import type { Suppression } from "./suppression";
import type { Fix, Range } from "./types";
import { t } from "./l10n";

export const UNUSED_SUPPRESSION_CODE = "AL900";

/** User-visible text of AL900, in one place; English is the key of each translation. */
export const UNUSED_SUPPRESSION_MESSAGES = {
  bareLine: () => t("Unused suppression: nothing is reported on this line"),
  bareFile: () => t("Unused suppression: nothing is reported in this file"),
  emptyList: () => t("Unused suppression: it names no code"),
  unusedLine: (codes: string[]) =>
    codes.length === 1 ? t("Unused suppression: {0} is not reported on this line", codes[0]) : t("Unused suppression: {0} are not reported on this line", list(codes)),
  unusedFile: (codes: string[]) =>
    codes.length === 1 ? t("Unused suppression: {0} is not reported in this file", codes[0]) : t("Unused suppression: {0} are not reported in this file", list(codes)),
  unknown: (codes: string[]) => (codes.length === 1 ? t("{0} is not an asynclint code", codes[0]) : t("{0} are not asynclint codes", list(codes))),
  inert: (reason: string) => t("Suppression without effect: {0}", reason),
  removeDirective: () => t("Remove unused suppression"),
  removeCodes: (codes: string[]) => t("Remove {0} from the suppression", list(codes)),
} as const;

function list(codes: string[]): string {
  return codes.join(", ");
}

const OUR_CODE = /^AL\d{3}$/i;

/**
 * AL900, like Ruff's RUF100: directives (or codes in them) that silenced nothing. Only what is ours
 * is judged: every code of an `asynclint:` directive, and the `ALxxx` codes written in another tool's
 * directive (`# noqa`, `eslint-disable`). Codes of rules turned off in the settings are not judged:
 * the directive may matter under someone else's settings.
 */
export function unusedSuppressionFindings(suppressions: readonly Suppression[], used: ReadonlyMap<Suppression, ReadonlySet<string>>, settings: Settings): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const directive of suppressions) {
    const ours = (directive.owner ?? "asynclint") === "asynclint";
    const removeAll = (message: string): RawFinding => ({
      code: UNUSED_SUPPRESSION_CODE,
      range: directive.range,
      message,
      fixes: directive.inSyntaxError ? [] : [removal(directive.removal ?? directive.range, UNUSED_SUPPRESSION_MESSAGES.removeDirective())],
    });
    if (directive.inert !== undefined) {
      if (ours) findings.push(removeAll(UNUSED_SUPPRESSION_MESSAGES.inert(directive.inert)));
      continue;
    }
    const silenced = used.get(directive);
    if (directive.codes === null) {
      if (ours && !silenced) findings.push(removeAll(directive.scope === "file" ? UNUSED_SUPPRESSION_MESSAGES.bareFile() : UNUSED_SUPPRESSION_MESSAGES.bareLine()));
      continue;
    }
    if (directive.codes.length === 0) {
      if (ours) findings.push(removeAll(UNUSED_SUPPRESSION_MESSAGES.emptyList()));
      continue;
    }
    const written = directive.written && directive.written.length === directive.codes.length ? directive.written : directive.codes;
    const unused: string[] = [];
    const unknown: string[] = [];
    const kept: string[] = [];
    directive.codes.forEach((code, index) => {
      const text = written[index];
      const judged = ours || OUR_CODE.test(text);
      const rule = ruleByCode(code);
      if (!judged || code === UNUSED_SUPPRESSION_CODE || (rule && (settings.rules[rule.code] === "off" || (settings.rules[rule.code] === undefined && offByDefault(rule))))) kept.push(text);
      else if (!rule) unknown.push(text);
      else if (silenced?.has(rule.code)) kept.push(text);
      else unused.push(text);
    });
    if (unused.length === 0 && unknown.length === 0) continue;
    const parts: string[] = [];
    if (unused.length > 0) parts.push(directive.scope === "file" ? UNUSED_SUPPRESSION_MESSAGES.unusedFile(unused) : UNUSED_SUPPRESSION_MESSAGES.unusedLine(unused));
    if (unknown.length > 0) parts.push(UNUSED_SUPPRESSION_MESSAGES.unknown(unknown));
    const message = parts.join("; ");
    if (kept.length === 0) {
      findings.push(removeAll(message));
      continue;
    }
    const dropped = [...unused, ...unknown];
    findings.push({
      code: UNUSED_SUPPRESSION_CODE,
      range: directive.range,
      message,
      // Without the list's position the codes cannot be edited out precisely: report, but offer no fix.
      fixes: directive.listRange && !directive.inSyntaxError ? [{ title: UNUSED_SUPPRESSION_MESSAGES.removeCodes(dropped), edits: [{ range: directive.listRange, newText: kept.join(", ") }], safe: true }] : [],
    });
  }
  return findings;
}

function removal(range: Range, title: string): Fix {
  return { title, edits: [{ range, newText: "" }], safe: true };
}
