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

/** Node's modules whose import does nothing but bind names: dropping an import of them changes nothing else. */
const SIDE_EFFECT_FREE_MODULES = new Set(["fs", "child_process", "zlib"]);

/** How many identifiers in the file have this text (uses, declarations, exports, type queries). */
function identifierCount(sourceFile: ts.SourceFile, name: string): number {
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      if (node.text === name) count++;
    } else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return count;
}

/** True when the file stays an ES module without this declaration: something else imports or exports. */
function staysModule(sourceFile: ts.SourceFile, without: ts.Statement): boolean {
  return sourceFile.statements.some(
    (statement) =>
      statement !== without &&
      (ts.isImportDeclaration(statement) ||
        ts.isImportEqualsDeclaration(statement) ||
        ts.isExportDeclaration(statement) ||
        ts.isExportAssignment(statement) ||
        (ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword))),
  );
}

/**
 * A fix's edits plus the removal of the named import `use` refers to, when the fix replaces
 * `use`, its last use (`readFileSync` once `readFile` from `fs/promises` is called instead).
 * Only an ES import of one of node's side-effect-free modules goes, and only when no other
 * identifier in the file has the name (a re-export, a `typeof`, a shadowing local keep it), and
 * the file stays a module. An import the fix adds right after the removed declaration takes its
 * place, so the two edits never meet at one point.
 */
export function withImportMadeUnused(sourceFile: ts.SourceFile, lines: LineIndex, use: ts.Identifier, edits: TextEdit[], addsImport: boolean): TextEdit[] {
  const name = use.text;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    if (!clause || clause.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) continue;
    const element = bindings.elements.find((candidate) => candidate.name.text === name);
    if (!element) continue;
    if (!SIDE_EFFECT_FREE_MODULES.has(bareModule(statement.moduleSpecifier.text)) || element.isTypeOnly) return edits;
    if (identifierCount(sourceFile, name) !== (element.propertyName?.text === name ? 3 : 2)) return edits;
    if (bindings.elements.length > 1) {
      const index = bindings.elements.indexOf(element);
      const next = bindings.elements[index + 1];
      const [from, to] = next ? [element.getStart(sourceFile), next.getStart(sourceFile)] : [bindings.elements[index - 1].getEnd(), element.getEnd()];
      return [...edits, { range: lines.rangeOf(from, to), newText: "" }];
    }
    if (clause.name || (!addsImport && !staysModule(sourceFile, statement))) return edits;
    const start = statement.getStart(sourceFile);
    const end = statement.getEnd();
    const first = lines.positionAt(start).line;
    const last = lines.positionAt(end).line;
    const lineStart = lines.lineStart(first);
    const lineEnd = lines.lineEnd(last);
    if (sourceFile.text.slice(lineStart, lineEnd).trim() !== sourceFile.text.slice(start, end)) return edits;
    // An import the fix inserts at the declaration's end or start replaces it.
    const touching = edits.findIndex((edit) => {
      const at = lines.offsetAt(edit.range.start);
      return at === lines.offsetAt(edit.range.end) && (at === end || at === start || at === lineStart);
    });
    if (touching >= 0) {
      const replaced = { range: lines.rangeOf(start, end), newText: edits[touching].newText.trim() };
      return [...edits.slice(0, touching), replaced, ...edits.slice(touching + 1)];
    }
    const nextLine = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : lineEnd;
    return [...edits, { range: lines.rangeOf(lineStart, nextLine), newText: "" }];
  }
  return edits;
}
