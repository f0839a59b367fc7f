import type { Node } from "web-tree-sitter";
import type { LineIndex } from "../engine/lineIndex";
import type { RuleMeta } from "../engine/rule";
import type { Settings } from "../engine/settings";
import type { Fix, RelatedLocation, WithheldFix } from "../engine/types";
import { insideError, type CallSite, type ModuleModel, type Scope } from "./moduleModel";
import type { SymbolResolver } from "./symbols";
import { mayBeBlockingCall } from "./blockingVocabulary";
import { helperKey } from "./helperScope";
import type { PythonWorkspace } from "./workspace";
import type { RelatedInModule } from "../engine/analyze";
import { t } from "../engine/l10n";

/** A finding as a Python rule reports it; the engine adds severity and suppressions. */
export interface PythonReport {
  node: Node;
  /** When the finding covers several statements: the last one (the range runs from `node` to its end). */
  last?: Node;
  message: string;
  fixes: Fix[];
  /** Fixes not offered here, each with the reason the light bulb shows. */
  withheld?: WithheldFix[];
  /** Places that explain the finding: the blocking call a helper reaches. */
  related?: RelatedLocation[];
  /** The same in this module, named by what finds it again after the text moved (see placeRelatedInModule). */
  relatedInModule?: RelatedInModule[];
}

export interface PythonRuleContext {
  model: ModuleModel;
  symbols: SymbolResolver;
  lines: LineIndex;
  settings: Settings;
  /** Whether the module is a notebook, where a loop is already running at top level. */
  notebook: boolean;
  /**
   * Set when the blocking rules run over plain sync functions and methods instead of coroutines,
   * to learn what each would pass on to a coroutine calling it (helperFacts.ts).
   */
  helperMode?: boolean;
  /** The module's file and workspace, for helpers of other modules. */
  filePath?: string;
  workspace?: PythonWorkspace;
}

export interface PythonRule {
  meta: RuleMeta;
  check(context: PythonRuleContext): PythonReport[];
  /**
   * Set when a finding at one statement depends on what other top-level statements hold beyond the
   * module facts they contribute (AL502: whether a function is used as a value anywhere): while such
   * a rule is on, an open document is analyzed whole rather than statement by statement.
   */
  readsWholeModule?: boolean;
}

/** Calls made from code that runs in a coroutine (an `async def` body, not a nested def or lambda). */
export function callsInCoroutines(context: PythonRuleContext): CallSite[] {
  if (context.helperMode) return context.model.calls.filter((site) => helperKey(site.scope) !== undefined && mayBeBlockingCall(site, context.model));
  return context.model.calls.filter((site) => site.scope.isAsync);
}

/**
 * A fix is only offered where the text around it parsed cleanly: not in or next to an error, and not
 * in a function whose definition holds one (an unclosed bracket above can make tree-sitter read the
 * lines below as that function's body, or as code of another shape once the fix changes them).
 */
export function fixable(context: PythonRuleContext, node: Node): boolean {
  if (insideError(context.model, node.startIndex, node.endIndex) || node.hasError) return false;
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === "function_definition") return !parent.hasError;
  }
  return true;
}

/** Name of the function a scope belongs to, for messages. */
export function scopeLabel(scope: Scope): string {
  return scope.name ? t("`async def {0}`", scope.name) : t("an `async def`");
}

/** The call's text shortened to its callee, for messages: `subprocess.run(…)`. */
export function calleeLabel(site: CallSite): string {
  const text = site.callee.text.replace(/\s+/g, "");
  return text.length > 60 ? text.slice(0, 57) + "…" : text;
}

/**
 * Whether a call's own value is thrown away or kept, judged from where it stands.
 * `unusedName` is set when it is bound to a plain name that nothing reads afterwards.
 */
export function valueUse(context: PythonRuleContext, site: CallSite): "dropped" | "unused-name" | "used" {
  const parent = site.node.parent;
  if (!parent) return "used";
  if (parent.type === "expression_statement" && parent.namedChildCount === 1) return "dropped";
  if (parent.type === "assignment" && parent.childForFieldName("right")?.id === site.node.id) {
    const target = parent.childForFieldName("left");
    if (target?.type === "identifier" && !parent.childForFieldName("type") && !isRead(context, target, site.scope)) return "unused-name";
  }
  return "used";
}

/** True when the name is read anywhere in the scope (or nested scopes) other than at this target. */
function isRead(context: PythonRuleContext, target: Node, scope: Scope): boolean {
  const name = target.text;
  if (name === "_" ) return false;
  // A module-level name may be imported elsewhere; only function locals are judged.
  if (scope.kind === "module") return true;
  const declarations = scope.node.descendantsOfType(["global_statement", "nonlocal_statement"]);
  if (declarations.some((d) => d?.text.split(/[\s,]+/).includes(name))) return true;
  for (const identifier of scope.node.descendantsOfType("identifier")) {
    if (identifier && identifier.text === name && identifier.id !== target.id) return true;
  }
  return false;
}
