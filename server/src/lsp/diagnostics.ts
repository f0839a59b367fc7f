import { pathToFileURL } from "node:url";
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from "vscode-languageserver";
import { ruleByCode } from "../engine/catalogue";
import type { Finding, Fix, Notice, Severity, WithheldFix } from "../engine/types";
import { ruleDocUri } from "./ruleDocs";

export const SOURCE = "asynclint";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries so that code actions need no server state: the fixes themselves, and the text they were made for. */
export interface DiagnosticData {
  fixes: Fix[];
  /** Fixes not offered, with why: disabled code actions. */
  withheld?: WithheldFix[];
  version: number;
  /** The hash of the text the fixes were computed for (pythonDocument.ts contentKeyOf): only for that text are they offered. */
  content: string;
}

/** `uri`: the document's, for related places in the same file (without it they are left out). */
export function toDiagnostic(finding: Finding, version: number, content = "", uri?: string): Diagnostic {
  const href = ruleDocUri(finding.code);
  const rule = ruleByCode(finding.code);
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: SOURCE,
    message: finding.message,
    data: { fixes: finding.fixes, version, content, ...(finding.withheld ? { withheld: finding.withheld } : {}) } satisfies DiagnosticData,
  };
  if (href) diagnostic.codeDescription = { href };
  if (finding.related && uri !== undefined) {
    diagnostic.relatedInformation = finding.related.map((place) => ({
      location: { uri: place.file === undefined ? uri : pathToFileURL(place.file).href, range: place.range },
      message: place.message,
    }));
  }
  if (rule?.name === "unused-suppression") diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

/** A file that was not analyzed gets one visible line at its top saying why. */
export function noticeDiagnostic(notice: Notice): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `asynclint: ${notice.subject ? `${notice.subject}: ` : ""}${notice.message}`,
  };
}

export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return data && Array.isArray(data.fixes) ? (data as DiagnosticData) : undefined;
}
