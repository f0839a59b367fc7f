import ts from "typescript";
import { skipOuterExpressions } from "../syntax";
import type { TsRuleContext } from "../tsRule";
import { bareModule, namedImport, nodeModuleSpellings } from "../tsEdits";
import type { TextEdit } from "../../engine/types";
import type { ImportOrigin } from "../typeQuestions";

/** What the classifiers need of a rule's context: the file the code is in and the type questions (a helper's file need not be the one analyzed). */
export type FileQuestions = Pick<TsRuleContext, "sourceFile" | "types">;

/** A call of a function exported by one of node's modules, however it was imported. */
export interface NodeCall {
  /** Module without `node:`: `fs`, `child_process`. */
  module: string;
  name: string;
  /** `fs.readFileSync(…)` (through the module object, whose text is `moduleText`) or `readFileSync(…)` (a named binding). */
  form: "namespace" | "named";
  moduleText?: string;
  origin?: ImportOrigin;
}

function requiredModule(expression: ts.Expression): string | undefined {
  if (!ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression) || expression.expression.text !== "require") return undefined;
  const [argument] = expression.arguments;
  return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

const MODULES_OF_INTEREST = new Set(["fs", "child_process", "zlib"]);
const importedNames = new WeakMap<ts.SourceFile, Set<string>>();

/**
 * Local names a module-level import or `require` binds from `fs`, `child_process` or `zlib`, read
 * once per file: a call through any other plain name cannot be theirs, so the checker is not asked.
 */
function namesFromNodeModules(sourceFile: ts.SourceFile): Set<string> {
  let names = importedNames.get(sourceFile);
  if (names) return names;
  names = new Set();
  const fromInterest = (module: string) => MODULES_OF_INTEREST.has(bareModule(module));
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && fromInterest(statement.moduleSpecifier.text)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      names.add(statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const module = declaration.initializer && requiredModule(declaration.initializer);
        if (!module || !fromInterest(module)) continue;
        if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
        else if (ts.isObjectBindingPattern(declaration.name)) for (const element of declaration.name.elements) if (ts.isIdentifier(element.name)) names.add(element.name.text);
      }
    }
  }
  importedNames.set(sourceFile, names);
  return names;
}

/**
 * Resolves `readFileSync(…)`, `r(…)` (an alias), `fs.readFileSync(…)` and `require("fs").readFileSync(…)`
 * to the module and name. `interesting` tells, from the called name alone, whether a call through a
 * module object could matter, so that most calls never reach the checker.
 */
export function resolveNodeCall(call: ts.CallExpression, context: FileQuestions, interesting: (name: string) => boolean): NodeCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) {
    if (!namesFromNodeModules(context.sourceFile).has(callee.text)) return undefined;
    const origin = context.types.importOrigin(callee);
    if (!origin || origin.name === "*") return undefined;
    return { module: bareModule(origin.module), name: origin.name, form: "named", origin };
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
    if (!interesting(callee.name.text)) return undefined;
    const object = skipOuterExpressions(callee.expression);
    if (ts.isIdentifier(object)) {
      if (!namesFromNodeModules(context.sourceFile).has(object.text)) return undefined;
      const origin = context.types.importOrigin(object);
      if (!origin || origin.name !== "*") return undefined;
      return { module: bareModule(origin.module), name: callee.name.text, form: "namespace", moduleText: object.text, origin };
    }
    const module = requiredModule(object);
    if (module) return { module: bareModule(module), name: callee.name.text, form: "namespace", moduleText: object.getText(context.sourceFile) };
  }
  return undefined;
}

/** Names of child_process functions that may run `sleep` synchronously. */
export const SYNC_PROCESS_FUNCTIONS = new Set(["execSync", "execFileSync", "spawnSync"]);

/** `Atomics.wait`, `Date.now`: a method of a global (not shadowed by a local binding). */
export function isGlobalMethod(call: ts.CallExpression, object: string, method: string, context: FileQuestions): boolean {
  const callee = skipOuterExpressions(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === method &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === object &&
    context.types.isLibraryName(callee.expression)
  );
}

const SLEEP_COMMAND = /^\s*sleep\s+(\d+(?:\.\d+)?)s?\s*$/;

/**
 * How long a child_process call that only runs `sleep` sleeps, in seconds: `execSync("sleep 2")`,
 * `execFileSync("sleep", ["2"])`, `spawnSync("sleep", ["2"])`. NaN when it runs `sleep` for a
 * duration not written as a literal; undefined when it is not a sleep.
 */
export function sleepCommandSeconds(call: ts.CallExpression, resolved: NodeCall): number | undefined {
  if (resolved.module !== "child_process") return undefined;
  const [first, second] = call.arguments;
  if (!first || !ts.isStringLiteralLike(first)) return undefined;
  if (resolved.name === "execSync") {
    const match = SLEEP_COMMAND.exec(first.text);
    if (match) return Number(match[1]);
    return /^\s*sleep\s/.test(first.text) ? Number.NaN : undefined;
  }
  if ((resolved.name === "execFileSync" || resolved.name === "spawnSync") && first.text === "sleep") {
    if (second && ts.isArrayLiteralExpression(second) && second.elements.length === 1) {
      const [duration] = second.elements;
      if (ts.isStringLiteralLike(duration) && /^\d+(\.\d+)?$/.test(duration.text)) return Number(duration.text);
    }
    return Number.NaN;
  }
  return undefined;
}

/** Whether the file imports node's modules with ES syntax, so one more such import fits its style. */
function usesNodeImports(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      (statement.moduleSpecifier.text.startsWith("node:") || NODE_MODULES.has(statement.moduleSpecifier.text.split("/")[0])),
  );
}

const NODE_MODULES = new Set(["fs", "child_process", "zlib", "path", "os", "util", "events", "stream", "timers", "crypto", "http", "https", "net", "url", "readline", "worker_threads"]);

/** Text (and import edits) for an awaited pause of `milliseconds` (an expression's text). */
export function awaitedSleep(milliseconds: string, context: TsRuleContext): { text: string; edits: TextEdit[] } {
  if (usesNodeImports(context.sourceFile)) {
    const imported = namedImport(context.sourceFile, context.lines, nodeModuleSpellings(context.sourceFile, "timers/promises"), "setTimeout", "sleep");
    if (imported) return { text: `await ${imported.localName}(${milliseconds})`, edits: imported.edits };
  }
  const typeArgument = context.isJavaScript ? "" : "<void>";
  return { text: `await new Promise${typeArgument}((resolve) => setTimeout(resolve, ${milliseconds}))`, edits: [] };
}
