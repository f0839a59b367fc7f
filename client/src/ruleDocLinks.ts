import * as vscode from "vscode";
import type { Middleware } from "vscode-languageclient/node";

/**
 * The server links each finding to its rule's page as a file: URI of the Markdown shipped with
 * the extension (right for the CLI's SARIF and for editors without commands). Opened from the
 * Problems panel or the hover, VS Code shows that file as raw Markdown inside the extension
 * folder. In VS Code the links become command URIs of asynclint.showRuleDocumentation, which
 * opens the rendered page (the Markdown preview), as the light bulb's documentation action does.
 */
export const SHOW_RULE_DOCUMENTATION_COMMAND = "asynclint.showRuleDocumentation";

/** `…/docs/rules/AL101.md` or a translated page under it (`…/docs/rules/ru/AL101.md`). */
const RULE_PAGE = /\/docs\/rules\/(?:[a-z]{2}(?:-[A-Za-z]+)?\/)?(AL\d{3})\.md$/;

/** The rule page a file: URI names, if it is one. */
export function rulePageOf(uri: vscode.Uri): { code: string; page: vscode.Uri } | undefined {
  if (uri.scheme !== "file") return undefined;
  const match = RULE_PAGE.exec(uri.path);
  return match ? { code: match[1], page: uri } : undefined;
}

export function documentationCommandUri(code: string, page?: vscode.Uri): vscode.Uri {
  const args = page ? [code, page.toString()] : [code];
  return vscode.Uri.parse(`command:${SHOW_RULE_DOCUMENTATION_COMMAND}?${encodeURIComponent(JSON.stringify(args))}`);
}

function withDocumentationCommand(diagnostic: vscode.Diagnostic): vscode.Diagnostic {
  const code = diagnostic.code;
  if (typeof code !== "object" || code === null) return diagnostic;
  const page = rulePageOf(code.target);
  if (page) diagnostic.code = { value: code.value, target: documentationCommandUri(page.code, page.page) };
  return diagnostic;
}

/** Markdown links to rule pages, as in the hover's "Documentation" link. */
const MARKDOWN_LINK = /\]\((file:[^)\s]+)\)/g;

function withDocumentationLinks(content: vscode.MarkdownString | vscode.MarkedString): vscode.MarkdownString | vscode.MarkedString {
  if (!(content instanceof vscode.MarkdownString)) return content;
  let changed = false;
  const value = content.value.replace(MARKDOWN_LINK, (whole, target: string) => {
    const page = rulePageOf(vscode.Uri.parse(target));
    if (!page) return whole;
    changed = true;
    return `](${documentationCommandUri(page.code, page.page).toString()})`;
  });
  if (!changed) return content;
  const rewritten = new vscode.MarkdownString(value, content.supportThemeIcons);
  rewritten.supportHtml = content.supportHtml;
  // Only this one command may run from the hover's links.
  rewritten.isTrusted = { enabledCommands: [SHOW_RULE_DOCUMENTATION_COMMAND] };
  return rewritten;
}

export const ruleDocLinksMiddleware: Middleware = {
  handleDiagnostics(uri, diagnostics, next) {
    next(uri, diagnostics.map(withDocumentationCommand));
  },
  async provideDiagnostics(document, previousResultId, token, next) {
    const report = await next(document, previousResultId, token);
    if (report && "items" in report && Array.isArray(report.items)) report.items.forEach(withDocumentationCommand);
    return report;
  },
  async provideHover(document, position, token, next) {
    const hover = await next(document, position, token);
    if (!hover) return hover;
    return new vscode.Hover(hover.contents.map(withDocumentationLinks), hover.range);
  },
};
