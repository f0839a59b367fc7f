import ts from "typescript";
import { skipOuterExpressions } from "./syntax";
import type { TsRuleContext } from "./tsRule";

export type Executor = ts.ArrowFunction | ts.FunctionExpression;

/**
 * The async function passed as the executor of `new Promise(…)`, when `Promise` is the global one.
 * AL307 reports it; AL303 leaves it to AL307, so one mistake gets one finding.
 */
export function asyncExecutor(node: ts.NewExpression, context: TsRuleContext): Executor | undefined {
  const callee = skipOuterExpressions(node.expression);
  if (!ts.isIdentifier(callee) || callee.text !== "Promise") return undefined;
  const first = node.arguments?.[0];
  const executor = first && skipOuterExpressions(first);
  if (!executor || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor))) return undefined;
  if (!executor.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
  // A local `Promise` (a class, a variable, a parameter) is someone else's constructor.
  return context.types.isLibraryName(callee) ? executor : undefined;
}
