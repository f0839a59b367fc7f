import type { Node } from "web-tree-sitter";
import { LineIndex } from "../engine/lineIndex";
import { defaultSettings } from "../engine/settings";
import type { Range } from "../engine/types";
import { BLOCKING_CALLS, BLOCKING_SLEEPS } from "./knownApis";
import type { FunctionFacts } from "./coroutineFunctions";
import type { CallSite, ModuleModel, Scope, TypedBindingSite } from "./moduleModel";
import type { PythonRule, PythonRuleContext } from "./pythonRule";
import { blockingCallRule } from "./rules/blockingCall";
import { blockingFileIoRule } from "./rules/blockingFileIo";
import { blockingSleepRule } from "./rules/blockingSleep";
import { helperKey } from "./helperScope";
import { STANDARD_LIBRARY } from "./standardLibrary";
import { LOCAL, SymbolResolver } from "./symbols";

/**
 * What a plain sync function or method does that blocks the event loop when a coroutine calls it:
 * the blocking calls AL101/AL102/AL103 would report in its body were it an `async def`, and the
 * calls it makes to other functions that may block in turn (resolved later, in this module or
 * through the workspace). Read from the function's own body: a nested def or lambda it defines
 * runs only when called, which the facts cannot tell.
 */
export interface HelperFacts {
  /** Parameters in order, with the truthiness of a literal default (`offline=False`); `*args` ends the positional ones. */
  params: HelperParam[];
  /** In the order the body makes them. */
  steps: HelperStep[];
}

export interface HelperParam {
  name: string;
  /** False for keyword-only parameters (after `*` or `*args`). */
  positional: boolean;
  /** The truthiness of a literal default; absent without one (or one that is not a literal). */
  default?: boolean;
}

/**
 * `if offline:` around a call (or `if offline: return` before it): the call runs only when the
 * parameter has this truthiness. `typeTest`: the call is on one side of a test of a parameter's
 * type (`isinstance(fp, io.IOBase)`, `fp is None`): which side runs depends on what the caller passes.
 */
export type Guard = { param: string; truthy: boolean } | { typeTest: string };

/** What a call passes that a guard can read: the truthiness of each literal argument (undefined: not a literal). */
export interface LiteralArguments {
  positional: Array<boolean | undefined>;
  keywords: Record<string, boolean | undefined>;
  /** `*args` or `**kwargs`: which parameter gets what is unknown. */
  spread: boolean;
}

export type BlockingCode = "AL101" | "AL102" | "AL103";

export type HelperStep =
  | {
      kind: "blocks";
      code: BlockingCode;
      /** The call as written, for messages: `requests.get`. */
      callee: string;
      range: Range;
      /** Which of the body's own calls written with the same callee it is (0: the first): found again after the text moved. */
      nth: number;
      guards: Guard[];
    }
  | {
      kind: "calls";
      /** `{ local }`: a function (`f`) or method (`Cls.m`, `Cls.__init__` for a construction) of the same module; `{ external }`: a dotted name reached through the imports. */
      target: { local: string } | { external: string };
      /** The callee as written, for messages: `self._connect`. */
      callee: string;
      args: LiteralArguments;
      guards: Guard[];
    };

/** The rules whose findings a helper's body passes on to its callers (a function: the rules import this module too). */
const codes = (): ReadonlyArray<{ code: BlockingCode; rule: PythonRule }> => [
  { code: "AL101", rule: blockingSleepRule },
  { code: "AL102", rule: blockingCallRule },
  { code: "AL103", rule: blockingFileIoRule },
];

/** Decorators that leave calling the function running its body on the caller's thread. */
const TRANSPARENT_DECORATORS = new Set(["staticmethod", "classmethod", "functools.cache", "cache", "functools.lru_cache", "lru_cache", "functools.lru_cache()", "lru_cache()"]);

/** True when these decorators (as the model keeps them) surely leave a call running the body where it is made. */
function transparentDecorators(decorators: readonly string[]): boolean {
  return decorators.every((decorator) => TRANSPARENT_DECORATORS.has(decorator) || /^(functools\.)?lru_cache\(/.test(decorator));
}

/** A name's definitions make a helper: one sync def, whose body runs (not a signature under `if TYPE_CHECKING:`) where it is called. */
export function singlePlainDefinition(definitions: readonly FunctionFacts[] | undefined): boolean {
  return definitions?.length === 1 && !definitions[0].async && !definitions[0].typingOnly && transparentDecorators(definitions[0].decorators);
}

/** Most steps a helper keeps: past them, a helper is too big to say more about. */
const MAX_STEPS = 40;

/** The callee text without spaces or line breaks, as messages and `nth` compare it. */
export function writtenCallee(site: CallSite): string {
  return site.callee.text.replace(/\s+/g, "");
}

/**
 * The helper facts of every helper scope in a model, computed with the default settings and
 * without the workspace, so they are a function of the module's text alone: the same whether they
 * come from the module's own analysis, from a summary made when another module imported it, or
 * from another worker thread. A name defined twice keeps no facts. Computed once per model.
 * `lines`: the module's line index, when the caller has one.
 */
export function helperFactsOfModel(model: ModuleModel, lines?: LineIndex): Map<string, HelperFacts> {
  let facts = factsOfModels.get(model);
  if (!facts) factsOfModels.set(model, (facts = readHelperFacts(model, lines)));
  return facts;
}

const factsOfModels = new WeakMap<ModuleModel, Map<string, HelperFacts>>();

/** The helper facts of a model if they were read already (its own analysis read them for a coroutine calling a local helper), else undefined. */
export function helperFactsIfRead(model: ModuleModel): Map<string, HelperFacts> | undefined {
  return factsOfModels.get(model);
}

/** True for the scopes whose bindings a helper's calls may read: the module, classes, and helpers themselves. */
function readByHelpers(scope: Scope): boolean {
  return scope.kind === "module" || scope.kind === "class" || helperKey(scope) !== undefined;
}

function readHelperFacts(model: ModuleModel, lines: LineIndex | undefined): Map<string, HelperFacts> {
  // Coroutines' and nested functions' own bindings type nothing a helper's calls read: not learnt.
  const helperView: ModuleModel = { ...model, typedBindings: model.typedBindings.filter((binding) => readByHelpers(binding.scope)) };
  // The types of local variables and attributes are read only for a receiver (`conn.run`, `self.client.get`): the others are not learnt.
  const receivers = namesBeforeDots(model.parts.map((part) => model.text.slice(part.startIndex, part.endIndex)).join("\n"));
  const typed: ModuleModel = { ...helperView, typedBindings: helperView.typedBindings.filter((binding) => mayBeReceiver(binding, model.moduleScope, receivers)) };
  const context: PythonRuleContext = {
    model: helperView,
    symbols: new SymbolResolver(typed, undefined, undefined),
    lines: lines ?? new LineIndex(model.text),
    settings: defaultSettings(),
    notebook: false,
    helperMode: true,
  };
  const scopes = new Map<string, Scope | null>();
  for (const site of model.calls) {
    const key = helperKey(site.scope);
    if (key === undefined) continue;
    const known = scopes.get(key);
    if (known === undefined) scopes.set(key, site.scope);
    else if (known !== site.scope) scopes.set(key, null);
  }
  const blocking = new Map<number, BlockingCode>();
  for (const { code, rule } of codes()) {
    for (const report of rule.check(context)) if (!blocking.has(report.node.id)) blocking.set(report.node.id, code);
  }
  const facts = new Map<string, HelperFacts>();
  const seen = new Map<string, number>();
  const guards = new GuardReader(model.text);
  for (const site of model.calls) {
    const key = helperKey(site.scope);
    if (key === undefined || scopes.get(key) !== site.scope) continue;
    let entry = facts.get(key);
    if (!entry) {
      if (site.scope.yields) {
        scopes.set(key, null);
        continue;
      }
      facts.set(key, (entry = { params: guards.parametersOf(site.scope.node), steps: [] }));
    }
    const callee = writtenCallee(site);
    const nthKey = `${key}\0${callee}`;
    const nth = seen.get(nthKey) ?? 0;
    seen.set(nthKey, nth + 1);
    if (entry.steps.length >= MAX_STEPS) continue;
    const code = blocking.get(site.node.id);
    if (code !== undefined) {
      // A socket's mode may be set anywhere in the module: through a helper, only what blocks whatever the rest holds is passed on.
      if (BLOCKING_CALLS.get(context.symbols.callName(site) ?? "")?.when === "blocking-socket") continue;
      entry.steps.push({ kind: "blocks", code, callee, range: context.lines.rangeOf(site.node.startIndex, site.node.endIndex), nth, guards: guards.guardsOf(site) });
      continue;
    }
    const target = callTarget(context, site);
    if (target) entry.steps.push({ kind: "calls", target, callee, args: literalArguments(site.node), guards: guards.guardsOf(site) });
  }
  for (const [key, scope] of scopes) if (scope === null) facts.delete(key);
  // A helper that neither blocks nor calls anything that might is not worth keeping.
  for (const [key, entry] of facts) if (entry.steps.length === 0) facts.delete(key);
  return facts;
}

/**
 * The names written right before a `.` in the text (across closing brackets, line continuations and
 * comments; in strings too): every name whose learnt type a receiver may be read by is one. A `#`
 * in a string reads as a comment's, and may hide a name: one type less learnt, never a wrong one.
 * One pass, each character read once: no text makes it slow.
 */
export function namesBeforeDots(text: string): Set<string> {
  const names = new Set<string>();
  // Where the name just read starts and ends, until the next character that is no space, `)`, `\` or comment.
  let pendingStart = -1;
  let pendingEnd = -1;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x5c /* \ */ || c === 0x29 /* ) */) {
      i++;
    } else if (identifierStart(c, text, i)) {
      let j = i + 1;
      while (j < text.length && identifierPart(text.charCodeAt(j), text, j)) j++;
      pendingStart = i;
      pendingEnd = j;
      i = j;
    } else {
      if (c === 0x2e /* . */ && pendingStart >= 0) names.add(text.slice(pendingStart, pendingEnd));
      pendingStart = -1;
      i++;
    }
  }
  return names;
}

function identifierStart(c: number, text: string, at: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
  return IDENTIFIER_START.test(text[at]);
}

function identifierPart(c: number, text: string, at: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
  return IDENTIFIER_PART.test(text[at]);
}

const IDENTIFIER_START = /[\p{L}\p{Nl}_]/u;
const IDENTIFIER_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;

/** Whether the type a binding teaches may be read: a module variable's always (the resolver reads which names are bound at the top), else only a receiver's. */
function mayBeReceiver(binding: TypedBindingSite, moduleScope: Scope, receivers: ReadonlySet<string>): boolean {
  if (binding.scope === moduleScope && !binding.ownerClass) return true;
  const target = binding.target;
  if (target.type === "identifier") return receivers.has(target.text);
  if (target.type === "attribute") {
    const attribute = target.childForFieldName("attribute");
    return !attribute || receivers.has(attribute.text);
  }
  return true;
}

/** Where a call in a helper leads, when it may be another helper: a function or method of this module, or a name of another module. */
function callTarget(context: PythonRuleContext, site: CallSite): { local: string } | { external: string } | undefined {
  // A helper is a sync def: none of its calls is awaited.
  const name = context.symbols.callName(site);
  if (name === undefined || BLOCKING_SLEEPS.has(name) || BLOCKING_CALLS.has(name)) return undefined;
  if (name.startsWith(LOCAL)) {
    const local = name.slice(LOCAL.length);
    const parts = local.split(".");
    if (parts.length === 1 && context.model.classes.has(local)) return { local: `${local}.__init__` };
    if (parts.length <= 2) return { local };
    return undefined;
  }
  // The standard library's blocking calls are the rules' own tables; a name under it leads to no workspace helper.
  if (!name.includes(".") || name === "builtins" || STANDARD_LIBRARY.has(name.slice(0, name.indexOf(".")))) return undefined;
  return { external: name };
}

/** The truthiness of a literal, or undefined for anything else. */
export function literalTruthiness(node: Node | null | undefined): boolean | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case "true":
      return true;
    case "false":
    case "none":
      return false;
    case "integer":
    case "float": {
      const value = Number(node.text.replace(/_/g, ""));
      return Number.isNaN(value) ? undefined : value !== 0;
    }
    case "string": {
      if (node.namedChildren.some((child) => child?.type === "interpolation")) return undefined;
      const content = node.namedChildren.filter((child) => child?.type === "string_content");
      return content.some((child) => (child?.text.length ?? 0) > 0) || node.namedChildren.some((child) => child?.type === "escape_sequence");
    }
    case "parenthesized_expression":
      return literalTruthiness(node.namedChildren[0]);
    default:
      return undefined;
  }
}

function parametersOf(definition: Node): HelperParam[] {
  const params: HelperParam[] = [];
  const list = definition.childForFieldName("parameters");
  let positional = true;
  for (const param of list?.namedChildren ?? []) {
    if (!param) continue;
    switch (param.type) {
      case "identifier":
        params.push({ name: param.text, positional });
        break;
      case "typed_parameter": {
        const name = param.namedChildren.find((child) => child?.type === "identifier");
        if (name) params.push({ name: name.text, positional });
        else positional = false;
        break;
      }
      case "default_parameter":
      case "typed_default_parameter": {
        const name = param.childForFieldName("name");
        const value = literalTruthiness(param.childForFieldName("value"));
        if (name?.type === "identifier") params.push({ name: name.text, positional, ...(value !== undefined ? { default: value } : {}) });
        break;
      }
      case "list_splat_pattern":
      case "keyword_separator":
        positional = false;
        break;
      case "positional_separator":
        break;
      default:
        break;
    }
  }
  return params;
}

/** Whether the text holds one of the names as a word (a parameter a condition may test). */
function mentionsAny(text: string, names: ReadonlySet<string>): boolean {
  for (const name of names) {
    let at = text.indexOf(name);
    while (at >= 0) {
      const before = at === 0 ? "" : text[at - 1];
      const after = text[at + name.length] ?? "";
      if (!/[\p{L}\p{N}_.]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
      at = text.indexOf(name, at + 1);
    }
  }
  return false;
}

const TYPE_TESTS = new Set(["isinstance", "issubclass", "hasattr", "callable", "type"]);

/** A parameter whose type the condition tests (`isinstance(p, …)`, `hasattr(p, …)`, `p is None`, `type(p) is …`), anywhere in it. */
function typeTestedParameter(condition: Node | null, params: ReadonlySet<string>): string | undefined {
  if (!condition) return undefined;
  // Most conditions test no type: their text says so without walking them.
  const text = condition.text;
  if (!/\b(?:isinstance|issubclass|hasattr|callable|type|is)\b/.test(text)) return undefined;
  for (const call of [condition, ...condition.descendantsOfType("call")]) {
    if (call?.type !== "call" || !TYPE_TESTS.has(call.childForFieldName("function")?.text ?? "")) continue;
    const first = call.childForFieldName("arguments")?.namedChildren[0];
    if (first?.type === "identifier" && params.has(first.text)) return first.text;
  }
  for (const comparison of [condition, ...condition.descendantsOfType("comparison_operator")]) {
    if (comparison?.type !== "comparison_operator" || !/\bis\b/.test(comparison.text)) continue;
    const operands = comparison.namedChildren.filter((child): child is Node => child !== null);
    if (operands.some((operand) => operand.type === "none") && operands.some((operand) => operand.type === "identifier" && params.has(operand.text))) {
      return operands.find((operand) => operand.type === "identifier")!.text;
    }
  }
  return undefined;
}

/** `p` or `not p` as a condition: the parameter it tests and the truthiness that makes it true. */
function testedParameter(condition: Node | null): { param: string; truthy: boolean } | undefined {
  if (!condition) return undefined;
  if (condition.type === "identifier") return { param: condition.text, truthy: true };
  if (condition.type === "parenthesized_expression") return testedParameter(condition.namedChildren[0]);
  if (condition.type === "not_operator") {
    const inner = testedParameter(condition.childForFieldName("argument"));
    return inner ? { param: inner.param, truthy: !inner.truthy } : undefined;
  }
  return undefined;
}

/** A block whose last statement leaves the function (or the loop iteration): what follows the `if` runs only when its condition was false. */
function leaves(block: Node | null): boolean {
  const last = block?.namedChildren.filter((child) => child?.type !== "comment").at(-1);
  return last?.type === "return_statement" || last?.type === "raise_statement";
}

/**
 * The conditions on the helper's parameters under which a call in its body runs, as far as the
 * code shows them plainly: `if p:` / `if not p:` around it (an `else:` inverts), or such an `if`
 * that returns or raises before it in an enclosing block; and whether it is on one side of a test
 * of a parameter's type. Anything else says nothing. Reads each scope's parameters, each block's
 * early exits and each condition once per pass, as helpers make many calls.
 */
export class GuardReader {
  private readonly params = new Map<number, HelperParam[]>();
  private readonly names = new Map<number, Set<string>>();
  private readonly exits = new Map<number, Array<{ end: number; guards: Guard[] }>>();
  private readonly conditions = new Map<number, { typeTest?: string; tested?: { param: string; truthy: boolean } }>();
  private readonly testing = new Map<number, boolean>();
  /** By statement node id: the guards on everything the statement runs (most calls of a helper share a statement with others). */
  private readonly statements = new Map<number, Guard[]>();

  /** `text`: the module's, which the scopes' offsets index. */
  constructor(private readonly text: string) {}

  guardsOf(site: CallSite): Guard[] {
    const scopeNode = site.scope.node;
    const names = this.parameterNames(scopeNode, site.scope.parent?.kind === "class");
    if (names.size === 0 || !this.testsParameters(site.scope, names)) return [];
    // Up to the statement the call is part of: the expression nodes between run together.
    let statement: Node = site.node;
    while (statement.parent && statement.parent.type !== "block") {
      if (statement.parent.id === scopeNode.id) return [];
      statement = statement.parent;
    }
    return this.guardsOfStatement(statement, scopeNode, names);
  }

  /** The guards of a statement in a block of the helper: its block's early exits before it, and what the compound statement owning the block decides. */
  private guardsOfStatement(statement: Node, scopeNode: Node, names: ReadonlySet<string>): Guard[] {
    const known = this.statements.get(statement.id);
    if (known) return known;
    const guards: Guard[] = [];
    const block = statement.parent;
    if (block?.type === "block" && block.id !== scopeNode.childForFieldName("body")?.id) {
      for (const exit of this.earlyExits(block, names)) if (exit.end <= statement.startIndex) guards.push(...exit.guards);
      // The block's owner: an `if` (its consequence), an `elif`/`else` clause, or any other compound statement.
      let branch: Node = block;
      let owner = block.parent;
      if (owner && (owner.type === "elif_clause" || owner.type === "else_clause")) {
        branch = owner;
        owner = owner.parent;
      }
      if (owner?.type === "if_statement") guards.push(...this.branchGuards(owner, branch, names));
      if (owner && owner.id !== scopeNode.id) {
        let outer: Node = owner;
        while (outer.parent && outer.parent.type !== "block") outer = outer.parent;
        if (outer.parent?.type === "block") guards.push(...this.guardsOfStatement(outer, scopeNode, names));
      }
    } else if (block?.type === "block") {
      for (const exit of this.earlyExits(block, names)) if (exit.end <= statement.startIndex) guards.push(...exit.guards);
    }
    const kept = guards.filter((guard) => "typeTest" in guard || names.has(guard.param));
    this.statements.set(statement.id, kept);
    return kept;
  }

  /** What an `if` decides for one of its branches (its consequence block, an `elif` or the `else`). */
  private branchGuards(statement: Node, branch: Node, names: ReadonlySet<string>): Guard[] {
    const guards: Guard[] = [];
    const condition = this.condition(statement.childForFieldName("condition"), names);
    const elifs = statement.namedChildren.filter((c): c is Node => c?.type === "elif_clause");
    const deciding = [condition, ...elifs.filter((elif) => elif.startIndex <= branch.startIndex).map((elif) => this.condition(elif.childForFieldName("condition"), names))];
    const typeTest = deciding.find((c) => c.typeTest !== undefined)?.typeTest;
    if (typeTest !== undefined) guards.push({ typeTest });
    const tested = condition.tested;
    if (tested && statement.childForFieldName("consequence")?.id === branch.id) guards.push(tested);
    else if (tested && branch.type === "else_clause" && elifs.length === 0) guards.push({ param: tested.param, truthy: !tested.truthy });
    return guards;
  }

  /** Whether any `if`/`elif` condition in the function reads one of its parameters: most helpers have none, and their calls need no climb. */
  private testsParameters(scope: Scope, names: ReadonlySet<string>): boolean {
    const definition = scope.node;
    let tests = this.testing.get(definition.id);
    if (tests === undefined) {
      tests = false;
      // Read from the text first: a body without an `if` or without a parameter's name has no such condition, and needs no walk of its tree.
      const bodyText = this.text.slice(scope.bodyStart, scope.bodyEnd);
      const body = /\b(?:el)?if\b/.test(bodyText) && mentionsAny(bodyText, names) ? definition.childForFieldName("body") : null;
      for (const statement of body ? body.descendantsOfType(["if_statement", "elif_clause"]) : []) {
        const condition = statement?.childForFieldName("condition");
        if (condition && mentionsAny(condition.text, names)) {
          tests = true;
          break;
        }
      }
      this.testing.set(definition.id, tests);
    }
    return tests;
  }

  /** The parameters a caller's arguments decide: a method's receiver is never a literal, and `if self.closed:` guards on nothing a call passes. */
  private parameterNames(definition: Node, method: boolean): Set<string> {
    let names = this.names.get(definition.id);
    if (!names) {
      const params = this.parametersOf(definition);
      const receiver = method && (params[0]?.name === "self" || params[0]?.name === "cls") ? 1 : 0;
      this.names.set(definition.id, (names = new Set(params.slice(receiver).map((param) => param.name))));
    }
    return names;
  }

  /** A function's parameters (see `HelperFacts.params`), read once. */
  parametersOf(definition: Node): HelperParam[] {
    let params = this.params.get(definition.id);
    if (!params) this.params.set(definition.id, (params = parametersOf(definition)));
    return params;
  }

  private condition(node: Node | null, names: ReadonlySet<string>): { typeTest?: string; tested?: { param: string; truthy: boolean } } {
    if (!node) return {};
    let read = this.conditions.get(node.id);
    if (!read) {
      const typeTest = typeTestedParameter(node, names);
      const tested = testedParameter(node);
      this.conditions.set(node.id, (read = { ...(typeTest !== undefined ? { typeTest } : {}), ...(tested ? { tested } : {}) }));
    }
    return read;
  }

  /** A block's `if …: return`/`raise` statements (no `elif`/`else`), in order, with what the code after each may assume. */
  private earlyExits(block: Node, names: ReadonlySet<string>): Array<{ end: number; guards: Guard[] }> {
    let exits = this.exits.get(block.id);
    if (!exits) {
      exits = [];
      for (const statement of block.namedChildren) {
        if (statement?.type !== "if_statement" || statement.namedChildren.some((c) => c?.type === "elif_clause" || c?.type === "else_clause")) continue;
        if (!leaves(statement.childForFieldName("consequence"))) continue;
        const condition = this.condition(statement.childForFieldName("condition"), names);
        const guards: Guard[] = [];
        if (condition.typeTest !== undefined) guards.push({ typeTest: condition.typeTest });
        if (condition.tested) guards.push({ param: condition.tested.param, truthy: !condition.tested.truthy });
        if (guards.length > 0) exits.push({ end: statement.endIndex, guards });
      }
      this.exits.set(block.id, exits);
    }
    return exits;
  }
}

/** What a call's arguments show a guard: the truthiness of each literal. */
export function literalArguments(call: Node): LiteralArguments {
  const result: LiteralArguments = { positional: [], keywords: {}, spread: false };
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return { ...result, spread: true };
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === "comment") continue;
    if (arg.type === "list_splat" || arg.type === "dictionary_splat") result.spread = true;
    else if (arg.type === "keyword_argument") {
      const name = arg.childForFieldName("name")?.text;
      if (name) result.keywords[name] = literalTruthiness(arg.childForFieldName("value"));
    } else if (!result.spread) result.positional.push(literalTruthiness(arg));
  }
  return result;
}

/**
 * Whether a step of a helper surely may run when the helper is called with these arguments: false
 * when a guard's parameter surely has the other truthiness (a literal argument, or the literal
 * default of one not passed), and when the step is on one side of a test of a parameter's type.
 * `bound`: the first parameter is the receiver (`self.m(…)`, `Cls(…)`).
 */
export function mayRun(guards: readonly Guard[], params: readonly HelperParam[], args: LiteralArguments | undefined, bound: boolean): boolean {
  for (const guard of guards) {
    // Which side of a type test runs is the caller's argument's to decide: no evidence either way.
    if ("typeTest" in guard) return false;
    const value = argumentValue(guard.param, params, args, bound);
    if (value !== undefined && value !== guard.truthy) return false;
  }
  return true;
}

function argumentValue(name: string, params: readonly HelperParam[], args: LiteralArguments | undefined, bound: boolean): boolean | undefined {
  if (!args) return undefined;
  if (Object.prototype.hasOwnProperty.call(args.keywords, name)) return args.keywords[name];
  const index = params.findIndex((param) => param.name === name);
  if (index < 0) return undefined;
  const param = params[index];
  const position = index - (bound ? 1 : 0);
  if (param.positional && position >= 0 && position < args.positional.length) return args.positional[position];
  // Not passed by position; with `*args`/`**kwargs` it may still be passed.
  if (args.spread) return undefined;
  return param.default;
}

/**
 * What of a statement's text its helpers' facts are made of (calls, guards, local bindings,
 * parameters), by the module name the statement defines: equal fingerprints give equal facts in
 * the same module context, so the incremental analysis keeps the findings of statements calling
 * them only while these stay the same. `widen`: the names those facts read.
 */
export function helperFingerprints(part: ModuleModel): Map<string, { fact: string; widen: Node[] }> {
  const byScope = new Map<Scope, { key: string; calls: unknown[]; bindings: string[]; widen: Node[] }>();
  const guards = new GuardReader(part.text);
  const entryOf = (scope: Scope) => {
    const key = helperKey(scope);
    if (key === undefined) return undefined;
    let entry = byScope.get(scope);
    if (!entry) byScope.set(scope, (entry = { key, calls: [], bindings: [], widen: [] }));
    return entry;
  };
  for (const site of part.calls) {
    const entry = entryOf(site.scope);
    if (!entry) continue;
    entry.calls.push([site.node.text, guards.guardsOf(site)]);
    entry.widen.push(site.node);
  }
  for (const binding of part.typedBindings) {
    const entry = entryOf(binding.scope);
    if (!entry) continue;
    entry.bindings.push(`${binding.target.text}=${binding.value.text}`);
    entry.widen.push(binding.value);
  }
  const byName = new Map<string, { fact: string; widen: Node[] }>();
  for (const [scope, entry] of byScope) {
    const name = entry.key.split(".")[0];
    const fact = JSON.stringify([entry.key, scope.node.childForFieldName("parameters")?.text ?? "", scope.yields === true, entry.calls, entry.bindings]);
    const known = byName.get(name);
    byName.set(name, known ? { fact: known.fact + fact, widen: [...known.widen, ...entry.widen] } : { fact, widen: entry.widen });
  }
  return byName;
}
