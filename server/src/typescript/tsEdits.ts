import ts from "typescript";
import type { LineIndex } from "../engine/lineIndex";
import type { TextEdit } from "../engine/types";
import { fileMentionsName } from "./syntax";

export function replaceNode(node: ts.Node, sourceFile: ts.SourceFile, lines: LineIndex, newText: string): TextEdit {
  return { range: lines.rangeOf(node.getStart(sourceFile), node.getEnd()), newText };
}

export function insertAt(offset: number, lines: LineIndex, newText: string): TextEdit {
  const at = lines.positionAt(offset);
  return { range: { start: at, end: at }, newText };
}

/**
 * The local name under which `name` from one of `modules` can be used, and the edit that
 * imports it when the file does not yet. Undefined when adding an import is not a faithful
 * change: the file is not an ES module (an import would turn a script into one), or the name is
 * already used for something else in the file.
 */
export function namedImport(
  sourceFile: ts.SourceFile,
  lines: LineIndex,
  modules: readonly string[],
  name: string,
  localName = name,
): { localName: string; edits: TextEdit[] } | undefined {
  if (!ts.isExternalModule(sourceFile)) return undefined;
  let lastImport: ts.ImportDeclaration | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    lastImport = statement;
    const specifier = statement.moduleSpecifier;
    const bindings = statement.importClause?.namedBindings;
    if (!ts.isStringLiteral(specifier) || !modules.includes(specifier.text) || statement.importClause?.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) continue;
    const existing = bindings.elements.find((element) => !element.isTypeOnly && (element.propertyName ?? element.name).text === name);
    if (existing) return { localName: existing.name.text, edits: [] };
  }
  if (fileMentionsName(sourceFile, localName)) return undefined;
  const eol = lines.eol;
  const declaration = `import { ${localName === name ? name : `${name} as ${localName}`} } from "${modules[0]}";`;
  if (lastImport) return { localName, edits: [insertAt(lastImport.getEnd(), lines, eol + declaration)] };
  const first = sourceFile.statements.find((statement) => !ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression));
  const offset = first ? first.getStart(sourceFile) : sourceFile.text.length;
  return { localName, edits: [insertAt(offset, lines, declaration + eol)] };
}

/** Node's module names, with and without the `node:` prefix; the first is the spelling the file already prefers. */
export function nodeModuleSpellings(sourceFile: ts.SourceFile, module: string): string[] {
  const prefersPrefix = sourceFile.statements.some(
    (statement) => ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text.startsWith("node:"),
  );
  return prefersPrefix ? [`node:${module}`, module] : [module, `node:${module}`];
}

/** The module name without a `node:` prefix. */
export function bareModule(module: string): string {
  return module.startsWith("node:") ? module.slice(5) : module;
}
