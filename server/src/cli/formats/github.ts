import { ruleByCode } from "../../engine/catalogue";
import type { Severity } from "../../engine/types";
import { printable } from "./printable";
import { reportedFindings, type CheckReport } from "./report";

/**
 * GitHub Actions workflow commands (`::warning file=…,line=…::message`): each finding becomes an
 * annotation on the pull request's diff, without uploading anything.
 */
export function formatGithub(report: CheckReport): string[] {
  return reportedFindings(report).map(({ file, finding }) => {
    const { start, end } = finding.range;
    const rule = ruleByCode(finding.code);
    const properties = [
      `file=${escapeProperty(printable(file))}`,
      `line=${start.line + 1}`,
      `col=${start.character + 1}`,
      `endLine=${end.line + 1}`,
      `endColumn=${end.character + 1}`,
      `title=${escapeProperty(`${finding.code}${rule ? ` ${rule.name}` : ""}`)}`,
    ];
    return `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(printable(`${finding.code} ${finding.message}`))}`;
  });
}

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", information: "notice", hint: "notice" };

/** A message may hold any text; these characters would end or break the command. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values also must not hold the separators `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
