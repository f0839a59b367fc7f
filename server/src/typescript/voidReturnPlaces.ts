import ts from "typescript";
import { skipOuterExpressions } from "./syntax";

/**
 * Places beside call arguments and JSX attributes where a function is stored under a type that
 * says what it returns, so that the type, not the function, decides whether anyone waits for it:
 * a variable or field with a written type (`const onClose: () => void = …`, `using` a disposable),
 * an assignment (`server.onRequest = …`), a property of an object literal (`{ handler: … }`), and a
 * returned function (`return async () => …`, an arrow whose body is a function). Only the syntax is
 * read here; whether the type wants `void` is the type checker's question, asked by the rule.
 */
export type VoidPlaceKind = "variable" | "property" | "return";

export interface VoidPlace {
  kind: VoidPlaceKind;
  /** The function value as written: a function literal, or a name or property that may hold one. */
  value: ts.Expression;
  /** The variable, property or assigned target, as written (for the message). */
  name?: string;
}

/** A value that may be a function: a literal, or a name or property access (anything else is data or a call whose result AL301/AL303 judge elsewhere). */
export function mayBeFunctionValue(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner);
}

function nameText(name: ts.Node, sourceFile: ts.SourceFile): string {
  return name.getText(sourceFile);
}

function isUsing(declaration: ts.VariableDeclaration): boolean {
  const list = declaration.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Using) !== 0;
}

/** The place a node stores a function value in, when it is one of the places above. */
export function voidPlaceOf(node: ts.Node, sourceFile: ts.SourceFile): VoidPlace | undefined {
  if (ts.isVariableDeclaration(node) && node.initializer) {
    // Without a written type the variable takes the function's own type: nothing is lost.
    if (!node.type && !isUsing(node)) return undefined;
    return mayBeFunctionValue(node.initializer) ? { kind: "variable", value: node.initializer, name: nameText(node.name, sourceFile) } : undefined;
  }
  if (ts.isPropertyDeclaration(node) && node.initializer && node.type) {
    return mayBeFunctionValue(node.initializer) ? { kind: "property", value: node.initializer, name: nameText(node.name, sourceFile) } : undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = skipOuterExpressions(node.left);
    if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return undefined;
    return mayBeFunctionValue(node.right) ? { kind: "variable", value: node.right, name: nameText(target, sourceFile) } : undefined;
  }
  if (ts.isPropertyAssignment(node) && ts.isObjectLiteralExpression(node.parent)) {
    return mayBeFunctionValue(node.initializer) ? { kind: "property", value: node.initializer, name: nameText(node.name, sourceFile) } : undefined;
  }
  if (ts.isReturnStatement(node) && node.expression) {
    return mayBeFunctionValue(node.expression) ? { kind: "return", value: node.expression } : undefined;
  }
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) {
    const body = skipOuterExpressions(node.body);
    // Only a function returned as a function (`() => async () => …`): a name or property as the body is a value like any other.
    return ts.isArrowFunction(body) || ts.isFunctionExpression(body) ? { kind: "return", value: node.body } : undefined;
  }
  return undefined;
}
