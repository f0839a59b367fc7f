import type { Node } from "web-tree-sitter";
import { namesInFacts, type FunctionFacts } from "./coroutineFunctions";
import type { ClassInfo, ImportBinding, ModuleModel, Scope, TypedBindingSite } from "./moduleModel";
import type { CommentText } from "./suppressionComments";
import { helperFingerprints } from "./helperFacts";

/** A node found again by its offsets relative to the start of its top-level statement. */
interface NodeRef {
  start: number;
  end: number;
  type: string;
}

/** A typed binding made at module scope (`log = logging.getLogger()`, a class body's `x: T = field()`). */
interface ModuleBindingRef {
  target: NodeRef;
  value: NodeRef;
  inClass: boolean;
}

/**
 * What one top-level statement contributes to the module as every other statement sees it: the
 * names it binds at module level, its imports, definitions and classes, its module-scope typed
 * bindings; and its comments, which suppressions read. A function of the statement's text alone,
 * so it is kept for statements an edit did not touch.
 */
export interface StatementSummary {
  /** All of the above but the comments, as one string: two statements with equal facts affect the rest of the module alike. */
  facts: string;
  bound: string[];
  imports: Array<[string, ImportBinding | null]>;
  asyncFunctions: string[];
  syncFunctions: string[];
  /** Its top-level functions' definitions (decorators, async generator or not). */
  functions: Array<[string, FunctionFacts[]]>;
  classes: Array<{ name: string; asyncMethods: string[]; syncMethods: string[]; methods: Array<[string, FunctionFacts[]]>; assigned: string[]; bases: string[] }>;
  /** What it shows of the event loop library (see eventLoopLibrary.ts). */
  eventLoopEvidence: string[];
  moduleBindings: ModuleBindingRef[];
  /** Comments, with offsets relative to the statement's start. */
  comments: Array<{ start: number; end: number; text: string }>;
  /** Every identifier the statement's text holds: the module names its findings may depend on. */
  mentions: string[];
  /** The facts above split by the module name they are about, with the names that name's meaning depends on (class bases, a module variable's value). */
  contributions: NameContribution[];
}

/** The name under which statements contribute their event loop evidence: every statement's findings depend on the module's library. */
export const EVENT_LOOP = "\0eventLoop";

/** What one statement says about one module-level name. */
export interface NameContribution {
  name: string;
  fact: string;
  /** Names whose facts shape this one: a class's bases, the identifiers in a module variable's value. */
  widen: string[];
}

/** An attribute's name (`y` in `x.y`): looked up in its object, never among the module's names. */
function isAttributeName(node: Node): boolean {
  const parent = node.parent;
  return parent?.type === "attribute" && parent.childForFieldName("attribute")?.startIndex === node.startIndex;
}

/** The module names a node may read: its identifiers, itself included, but attribute names. */
function identifiersIn(node: Node): string[] {
  const names = node.descendantsOfType("identifier").flatMap((n) => (n && !isAttributeName(n) ? [n.text] : []));
  if (node.type === "identifier") names.push(node.text);
  return names;
}

/** The names in a base class expression as the model keeps it (`asyncio.Protocol`, `Generic[T]`). */
function namesInBase(base: string): string[] {
  return base.split(/[^\p{L}\p{N}_]+/u).filter((name) => name.length > 0);
}

/** Summarizes a statement from the model built of it alone (`buildModuleModel(tree, text, statement)`). */
export function summarizeStatement(statement: Node, part: ModuleModel, text: string): StatementSummary {
  const base = statement.startIndex;
  const ref = (node: Node): NodeRef => ({ start: node.startIndex - base, end: node.endIndex - base, type: node.type });
  const moduleBindings: ModuleBindingRef[] = [];
  const bindingTexts: string[] = [];
  const contributions: NameContribution[] = [];
  for (const binding of part.typedBindings) {
    if (binding.scope !== part.moduleScope) continue;
    moduleBindings.push({ target: ref(binding.target), value: ref(binding.value), inClass: binding.ownerClass !== undefined });
    const bindingText = `${binding.target.type}:${text.slice(binding.target.startIndex, binding.target.endIndex)}=${binding.value.type}:${text.slice(binding.value.startIndex, binding.value.endIndex)}`;
    bindingTexts.push(bindingText);
    const targets = identifiersIn(binding.target);
    const widen = [...targets, ...identifiersIn(binding.value)];
    for (const name of new Set(targets)) contributions.push({ name, fact: `t${binding.ownerClass !== undefined ? "c" : "m"}${bindingText}`, widen });
  }
  const classes = [...part.classes.values()].map((info) => ({
    name: info.name,
    asyncMethods: [...info.asyncMethods],
    syncMethods: [...info.syncMethods],
    methods: [...info.methods],
    assigned: [...info.assigned],
    bases: info.bases,
  }));
  const functions = [...part.functions];
  const eventLoopEvidence = [...part.eventLoopEvidence].sort();
  for (const name of part.moduleScope.bound) contributions.push({ name, fact: "b", widen: [] });
  for (const [local, binding] of part.imports) contributions.push({ name: local, fact: `i${JSON.stringify(binding)}`, widen: [] });
  for (const name of part.asyncFunctions) contributions.push({ name, fact: "a", widen: [] });
  for (const name of part.syncFunctions) contributions.push({ name, fact: "s", widen: [] });
  // Whether calling a function gives a coroutine depends on what its decorators' names are.
  for (const [name, facts] of functions) contributions.push({ name, fact: `f${JSON.stringify(facts)}`, widen: facts.flatMap(namesInFacts) });
  for (const info of classes) {
    const widen = [...info.bases.flatMap(namesInBase), ...info.methods.flatMap(([, facts]) => facts.flatMap(namesInFacts))];
    contributions.push({ name: info.name, fact: `c${JSON.stringify(info)}`, widen });
  }
  if (eventLoopEvidence.length > 0) contributions.push({ name: EVENT_LOOP, fact: JSON.stringify(eventLoopEvidence), widen: [] });
  // What a coroutine calling one of its helpers is told depends on the helper's calls (helperFacts.ts).
  const helpers: string[] = [];
  for (const [name, { fact, widen }] of helperFingerprints(part)) {
    contributions.push({ name, fact: `h${fact}`, widen: widen.flatMap(identifiersIn) });
    helpers.push(fact);
  }
  const summary: Omit<StatementSummary, "facts"> = {
    bound: [...part.moduleScope.bound],
    imports: [...part.imports],
    asyncFunctions: [...part.asyncFunctions],
    syncFunctions: [...part.syncFunctions],
    functions,
    classes,
    eventLoopEvidence,
    moduleBindings,
    comments: part.comments.map((comment) => ({ start: comment.startIndex - base, end: comment.endIndex - base, text: text.slice(comment.startIndex, comment.endIndex) })),
    mentions: [...new Set(identifiersIn(statement)), EVENT_LOOP],
    contributions,
  };
  // `import x` statements at top level are looked for by the fix that adds an import.
  const facts = JSON.stringify([statement.type, summary.bound, summary.imports, summary.asyncFunctions, summary.syncFunctions, summary.functions, summary.classes, eventLoopEvidence, bindingTexts, helpers]);
  return { ...summary, facts };
}

/** The summary's comments, placed at the statement's current offset. */
export function commentsAt(summary: StatementSummary, statementStart: number): CommentText[] {
  return summary.comments.map((c) => ({ text: c.text, startIndex: statementStart + c.start, endIndex: statementStart + c.end }));
}

function findAgain(statement: Node, ref: NodeRef): Node | undefined {
  const start = statement.startIndex + ref.start;
  const end = statement.startIndex + ref.end;
  let node: Node | null = statement.descendantForIndex(start, end);
  // The smallest node over the range may be the only child of the one wanted (`type` over an identifier).
  for (let hops = 0; node && hops < 4; hops++, node = node.parent) {
    if (node.startIndex !== start || node.endIndex !== end) return undefined;
    if (node.type === ref.type) return node;
  }
  return undefined;
}

/**
 * The statement's module-scope typed bindings as nodes of the current tree, bound to `moduleScope`:
 * what the symbol resolver learns module variables' types from. Undefined when one cannot be found.
 */
export function moduleBindingsAt(statement: Node, summary: StatementSummary, moduleScope: Scope, someClass: ClassInfo): TypedBindingSite[] | undefined {
  const sites: TypedBindingSite[] = [];
  for (const binding of summary.moduleBindings) {
    const target = findAgain(statement, binding.target);
    const value = findAgain(statement, binding.value);
    if (!target || !value) return undefined;
    // In a class body the class only receives `self.x` types, which no other statement reads.
    sites.push({ target, value, scope: moduleScope, ownerClass: binding.inClass ? someClass : undefined });
  }
  return sites;
}
