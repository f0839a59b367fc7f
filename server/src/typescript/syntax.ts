import ts from "typescript";

/** The function a node's code runs in (nearest function-like ancestor), or undefined at module level or in a class static block. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current) || ts.isSourceFile(current)) return undefined;
    // A property initializer runs in the constructor, which is never async.
    if (ts.isPropertyDeclaration(current) && current.initializer && node.pos >= current.initializer.pos) return undefined;
  }
  return undefined;
}

export function isAsyncFunction(fn: ts.Node | undefined): boolean {
  return !!fn && ts.canHaveModifiers(fn) && (ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}

/** True when the node runs directly in the body of an async function (not in a nested sync function). */
export function runsInAsyncFunction(node: ts.Node): boolean {
  return isAsyncFunction(enclosingFunction(node));
}

/** Drops wrapping parentheses and type assertions that do not change the value. */
export function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isNonNullExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isTypeAssertionExpression(expression)) {
      expression = expression.expression;
    } else {
      return expression;
    }
  }
}

/** Whether a prefix operator (`await x`, `void x`) may be written before the expression without parentheses. */
export function acceptsPrefixOperator(expression: ts.Expression): boolean {
  return (
    ts.isCallExpression(expression) ||
    ts.isNewExpression(expression) ||
    ts.isPropertyAccessExpression(expression) ||
    ts.isElementAccessExpression(expression) ||
    ts.isIdentifier(expression) ||
    ts.isParenthesizedExpression(expression) ||
    ts.isTaggedTemplateExpression(expression) ||
    ts.isNonNullExpression(expression) ||
    ts.isAwaitExpression(expression) ||
    ts.isVoidExpression(expression)
  );
}

/** Whether `await <call>` at this place must be parenthesized to keep meaning: `(await f()).x`, `(await f())()`. */
export function needsParenthesesAsOperand(node: ts.Expression): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isTaggedTemplateExpression(parent)) && (ts.isTaggedTemplateExpression(parent) ? parent.tag : parent.expression) === node) return true;
  if (ts.isNonNullExpression(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && parent.left === node) return true;
  return false;
}

/** The indentation of the line a position is on. */
export function indentationAt(text: string, position: number): string {
  let lineStart = position;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  let end = lineStart;
  while (end < text.length && (text[end] === " " || text[end] === "\t")) end++;
  return text.slice(lineStart, end);
}

const identifierTexts = new WeakMap<ts.SourceFile, Set<string>>();
let wholeFileQuestions = 0;

/** How many questions about the whole file's text were asked so far: a function body's findings that depend on one cannot be kept across edits. */
export function wholeFileQuestionCount(): number {
  return wholeFileQuestions;
}

/** Records that a body's findings depend on text outside it (another function's body in the same file), so they are not kept across edits. */
export function notedWholeFileQuestion(): void {
  wholeFileQuestions++;
}

/**
 * Whether any identifier in the file is spelled `name` (so a new binding of that name could clash).
 * The file's identifiers are collected once: fixes ask this for every finding, and a walk per
 * question made a file with many findings quadratic.
 */
export function fileMentionsName(sourceFile: ts.SourceFile, name: string): boolean {
  wholeFileQuestions++;
  if (!sourceFile.text.includes(name)) return false;
  let names = identifierTexts.get(sourceFile);
  if (!names) {
    const found = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) found.add(node.text);
      else ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    identifierTexts.set(sourceFile, (names = found));
  }
  return names.has(name);
}

export function isJavaScriptFile(fileName: string): boolean {
  return /\.(c|m)?jsx?$/i.test(fileName);
}

/** Source files the TypeScript rules analyze: not declaration files, which hold no code that runs. */
export function isTypeScriptFileName(fileName: string): boolean {
  return /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i.test(fileName) && !/\.d\.(ts|mts|cts)$/i.test(fileName) && !/\.d\.[^./\\]+\.ts$/i.test(fileName);
}
