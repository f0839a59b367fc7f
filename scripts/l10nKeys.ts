// Lists every English message key in the server's and the client's sources: the first argument of `t("…")` and
// `localizable("…")` calls, read with TypeScript's parser, plus every rule's summary.
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { RULES } from "../server/src/engine/catalogue";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

// The client's messages (client/src/l10n.ts) share the bundles with the server's.
export function messageKeys(roots = [path.join(__dirname, "..", "server", "src"), path.join(__dirname, "..", "client", "src")]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of roots.flatMap(sourceFiles)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && (node.expression.text === "t" || node.expression.text === "localizable")) {
        const [first] = node.arguments;
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          keys.set(first.text, `${path.relative(path.join(__dirname, ".."), file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  for (const rule of RULES) keys.set(rule.summary, `rule ${rule.code} summary`);
  return keys;
}

if (require.main === module) {
  for (const [key, where] of messageKeys()) console.log(`${where}\t${key}`);
}
