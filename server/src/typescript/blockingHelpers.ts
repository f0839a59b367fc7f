import * as path from "node:path";
import ts from "typescript";
import { t } from "../engine/l10n";
import { LineIndex } from "../engine/lineIndex";
import type { RelatedLocation } from "../engine/types";
import { BLOCKING_THROUGH_HELPER_MESSAGE, blockingNodeCall } from "./rules/blockingCall";
import { blockingSleepAt, SLEEP_THROUGH_HELPER_MESSAGE } from "./rules/blockingSleep";
import { enclosingFunction, notedWholeFileQuestion, skipOuterExpressions } from "./syntax";
import type { TsRuleContext } from "./tsRule";
import type { SyncHelper, TypeQuestions } from "./typeQuestions";

/**
 * AL101/AL102 through the project's own sync helpers: `await handle()` where `handle` calls
 * `loadConfig()`, a plain function that calls `fs.readFileSync`. The helper runs to its end inside
 * the async function, so the event loop stalls as if the blocking call were written there.
 *
 * Evidence only: a helper is followed when the checker resolves the called name to one body in the
 * program's own sources (typeQuestions.syncHelperOf), and inside it only what the rules report in an
 * async function counts (their own classifiers), outside nested functions and callbacks, which the
 * helper may never call. A helper passed rather than called (`setImmediate(load)`) is not a call.
 */

type Code = "AL101" | "AL102";

/** One step from a helper's body towards the blocking call: a call of a further helper, or the blocking call itself. */
interface Step {
  node: ts.Node;
  file: ts.SourceFile;
  /** As shown in the message: `readRaw()`, `fs.readFileSync`. */
  label: string;
}

/** How a helper blocks: the steps from inside its body to the blocking call, and which sentence describes that call. */
interface Reach {
  steps: Step[];
  /** The key of the message: a module (`fs`) for AL102, a kind of sleep (`busy`) for AL101. */
  kind: string;
}

interface Answer {
  reaches: Partial<Record<Code, Reach>>;
  /** The code whose blocking call comes first in the helper: a call reaching both is reported once, under it. */
  first?: Code;
  /** Every file whose function bodies the answer read: when the caller's own file is one, its findings depend on other bodies. */
  files: Set<ts.SourceFile>;
  /** Helpers deeper than the depth left were not read, so a request with more depth left asks again. */
  truncated: boolean;
  depth: number;
}

/** How many helpers a chain may go through, the first one included. */
const MAX_HELPERS = 4;
const PENDING = Symbol("pending");

/** Answers per program (its checker) and per helper: a helper is read once however many async functions call it. */
const answersByProgram = new WeakMap<object, WeakMap<SyncHelper, Answer | typeof PENDING>>();
const lineIndexes = new WeakMap<ts.SourceFile, LineIndex>();

function lineIndexOf(file: ts.SourceFile): LineIndex {
  let lines = lineIndexes.get(file);
  if (!lines) lineIndexes.set(file, (lines = new LineIndex(file.text)));
  return lines;
}

/** `loadConfig()`, `this.readSettings()`: the call as written (without its arguments), shortened when long. */
function callText(call: ts.CallExpression, file: ts.SourceFile): string {
  const callee = skipOuterExpressions(call.expression);
  const text = callee.getText(file).replace(/\s+/g, "");
  if (text.length <= 40) return `${text}()`;
  return ts.isPropertyAccessExpression(callee) ? `….${callee.name.text}()` : `${text.slice(0, 40)}…()`;
}

function directReach(node: ts.Node, file: ts.SourceFile, types: TypeQuestions): [Code, Reach] | undefined {
  const questions = { sourceFile: file, types };
  if (ts.isCallExpression(node)) {
    const resolved = blockingNodeCall(node, questions);
    if (resolved) return ["AL102", { kind: resolved.module, steps: [{ node: node.expression, file, label: `\`${resolved.module}.${resolved.name}\`` }] }];
  }
  const sleep = blockingSleepAt(node, questions);
  if (!sleep) return undefined;
  if (sleep.kind === "busy") {
    const keyword = ts.isWhileStatement(sleep.loop) ? "while" : ts.isDoStatement(sleep.loop) ? "do … while" : "for";
    return ["AL101", { kind: "busy", steps: [{ node: sleep.condition, file, label: `\`${keyword} (${sleep.condition.getText(file).replace(/\s+/g, " ")})\`` }] }];
  }
  const label = sleep.kind === "atomics" ? "`Atomics.wait`" : `\`${sleep.call.getText(file).replace(/\s+/g, " ")}\``;
  return ["AL101", { kind: sleep.kind, steps: [{ node: sleep.kind === "atomics" ? sleep.call.expression : sleep.call, file, label }] }];
}

/** Whether the helper blocks, and through what: its body read in source order, nested functions and classes left out. */
function answerFor(helper: SyncHelper, types: TypeQuestions, depth: number): Answer | undefined {
  let answers = answersByProgram.get(types.programKey);
  if (!answers) answersByProgram.set(types.programKey, (answers = new WeakMap()));
  const known = answers.get(helper);
  // A helper already being read is on the chain that leads here (a cycle): what it reaches is found through its first reading.
  if (known === PENDING) return undefined;
  if (known && (!known.truncated || known.depth >= depth)) return known;
  answers.set(helper, PENDING);
  const file = helper.getSourceFile();
  const answer: Answer = { reaches: {}, files: new Set([file]), truncated: false, depth };
  const found = (code: Code, reach: Reach) => {
    if (answer.reaches[code]) return;
    answer.reaches[code] = reach;
    answer.first ??= code;
  };
  const visit = (node: ts.Node): void => {
    if (answer.reaches.AL101 && answer.reaches.AL102) return;
    if (node !== helper.body && (ts.isFunctionLike(node) || ts.isClassLike(node))) return;
    const direct = directReach(node, file, types);
    if (direct) {
      found(...direct);
    } else if (ts.isCallExpression(node)) {
      const callee = types.syncHelperOf(node);
      if (callee && depth <= 1) {
        answer.truncated = true;
      } else if (callee) {
        answer.files.add(callee.getSourceFile());
        const inner = answerFor(callee, types, depth - 1);
        if (inner) {
          for (const innerFile of inner.files) answer.files.add(innerFile);
          answer.truncated ||= inner.truncated;
          const step: Step = { node: node.expression, file, label: `\`${callText(node, file)}\`` };
          const order: Code[] = inner.first === "AL102" ? ["AL102", "AL101"] : ["AL101", "AL102"];
          for (const code of order) {
            const reach = inner.reaches[code];
            // A chain has as many helpers as steps: one read before, for a shorter chain, may be too long from here.
            if (reach && reach.steps.length + 1 > depth) answer.truncated = true;
            else if (reach) found(code, { kind: reach.kind, steps: [step, ...reach.steps] });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(helper.body);
  answers.set(helper, answer);
  return answer;
}

function where(step: Step): string {
  return `${step.label} (${path.basename(step.file.fileName)}:${step.file.getLineAndCharacterOfPosition(step.node.getStart(step.file)).line + 1})`;
}

function asyncFunctionLabel(fn: ts.SignatureDeclaration | undefined): string {
  let name: string | undefined;
  if (fn && (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && !ts.isComputedPropertyName(fn.name)) name = fn.name.getText();
  else if (fn && fn.parent && (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent) || ts.isPropertyDeclaration(fn.parent)) && ts.isIdentifier(fn.parent.name)) name = fn.parent.name.text;
  if (name) return t("async function `{0}`", name);
  // `test("…", async (t) => …)`, `app.get("/", async (req) => …)`: the callback is known by what it is passed to.
  const call = fn?.parent;
  if (call && ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression)) {
    const callee = skipOuterExpressions(call.expression).getText().replace(/\s+/g, "");
    if (callee.length <= 40) return t("the async callback passed to `{0}(…)`", callee);
  }
  return t("an async function");
}

/**
 * Reports, under `code`, a call in an async function's own body of a sync helper that reaches a
 * blocking call of that rule. Called by AL101 and AL102 for every call in an async function that is
 * not itself blocking; the helper's answer is shared between them.
 */
export function reportBlockingHelper(call: ts.CallExpression, context: TsRuleContext, code: Code): void {
  const helper = context.types.syncHelperOf(call);
  if (!helper) return;
  const answer = answerFor(helper, context.types, MAX_HELPERS);
  if (!answer) return;
  // The finding (or its absence) depends on another body of this file, which an edit may change alone.
  if (answer.files.has(context.sourceFile)) notedWholeFileQuestion();
  const reach = answer.reaches[code];
  if (!reach) return;
  const other: Code = code === "AL101" ? "AL102" : "AL101";
  if (answer.first === other && answer.reaches[other] && context.settings.rules[other] !== "off") return;
  const [blocking] = reach.steps.slice(-1);
  const chain = reach.steps
    .slice(0, -1)
    .reduceRight((rest, step) => t("{0}, which calls {1}", where(step), rest), where(blocking));
  const sentence = code === "AL102" ? BLOCKING_THROUGH_HELPER_MESSAGE[reach.kind] : SLEEP_THROUGH_HELPER_MESSAGE[reach.kind as keyof typeof SLEEP_THROUGH_HELPER_MESSAGE];
  const message = t(sentence, callText(call, context.sourceFile), asyncFunctionLabel(enclosingFunction(call)), chain);
  const related: RelatedLocation[] = reach.steps.map((step, index) => {
    const start = step.node.getStart(step.file);
    return {
      ...(step.file === context.sourceFile ? {} : { file: step.file.fileName }),
      range: lineIndexOf(step.file).rangeOf(start, step.node.getEnd()),
      message: index === reach.steps.length - 1 ? t("The blocking call that `{0}` reaches", callText(call, context.sourceFile)) : t("{0} is called here", step.label),
    };
  });
  context.report(call.expression, message, [], undefined, related);
}
