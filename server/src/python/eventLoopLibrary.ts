import type { Node } from "web-tree-sitter";

/**
 * Which event loop library drives a module's coroutines, decided from positive evidence in the
 * module itself, so that trio and anyio code never gets asyncio advice (a fix that inserts
 * `asyncio.gather` into code run by `trio.run` raises).
 *
 * Evidence is collected while the module model is read (one query pass) as short strings
 * (`runner:trio`, `marker:anyio`, `import:asyncio`, `api:trio`), kept per top-level statement by
 * the incremental analysis and merged, so the decision is a function of the evidence set alone.
 *
 * Decision order: the first step with evidence for exactly one library decides.
 * 1. Runners called in the module outside a coroutine: `trio.run(…)`, `anyio.run(…)`,
 *    `asyncio.run(…)` / `….run_until_complete(…)`: whoever runs the coroutines drives them.
 * 2. Test markers and fixtures: `@pytest.mark.trio`, `@pytest.mark.anyio`, `pytestmark =
 *    pytest.mark.anyio` (or a list holding it), an `anyio_backend` fixture or parameter,
 *    `@pytest.mark.asyncio`.
 * 3. Imports (in any scope) of `trio`, `anyio`, `asyncio` (`import trio`, `from trio import …`,
 *    `import anyio.abc`): only one of them decides. trio and anyio without asyncio is anyio (its
 *    calls work on its trio backend too).
 * 4. Structured concurrency used without importing a library: `open_nursery()` or a
 *    `nursery.start_soon(…)` -> trio; `create_task_group()` -> anyio.
 * 5. asyncio imported beside trio or anyio, with nothing above to decide: trio (or anyio),
 *    marked `mixed`: no asyncio advice, and no fix that names either library.
 * 6. Nothing: `unknown`. Rules give asyncio advice there (most such modules are helpers of asyncio
 *    programs), but a fix that is only right under asyncio is not offered as safe.
 */
export type EventLoopLibrary = "asyncio" | "trio" | "anyio" | "unknown";

/** What the decision rests on: runners, markers and a lone import are sure; `api` and `mixed` are not. */
export type EventLoopBasis = "runner" | "marker" | "import" | "api" | "mixed" | "none";

export interface EventLoopDecision {
  library: EventLoopLibrary;
  basis: EventLoopBasis;
}

const LIBRARIES = ["asyncio", "trio", "anyio"] as const;
type Library = (typeof LIBRARIES)[number];

const UNKNOWN: EventLoopDecision = { library: "unknown", basis: "none" };

function isLibrary(name: string): name is Library {
  return (LIBRARIES as readonly string[]).includes(name);
}

/** The libraries one kind of evidence names. */
function named(evidence: ReadonlySet<string>, kind: string): Set<Library> {
  const found = new Set<Library>();
  for (const library of LIBRARIES) if (evidence.has(`${kind}:${library}`)) found.add(library);
  return found;
}

/** The one library a step names, if it names exactly one. */
function single(libraries: ReadonlySet<Library>): Library | undefined {
  return libraries.size === 1 ? [...libraries][0] : undefined;
}

/** The decision for a module's evidence (see the order above). */
export function decideEventLoop(evidence: ReadonlySet<string>): EventLoopDecision {
  if (evidence.size === 0) return UNKNOWN;
  const runner = single(named(evidence, "runner"));
  if (runner) return { library: runner, basis: "runner" };
  const marker = single(named(evidence, "marker"));
  if (marker) return { library: marker, basis: "marker" };
  const imports = named(evidence, "import");
  if (!imports.has("asyncio") && imports.has("anyio")) return { library: "anyio", basis: "import" };
  const imported = single(imports);
  if (imported) return { library: imported, basis: "import" };
  if (imports.size === 0) {
    const api = single(named(evidence, "api"));
    if (api) return { library: api, basis: "api" };
    return UNKNOWN;
  }
  // asyncio beside trio and/or anyio.
  return { library: imports.has("anyio") ? "anyio" : "trio", basis: "mixed" };
}

/** Whether asyncio's advice (gather, create_task, `asyncio.run`, loop callbacks) may be given in the module. */
export function givesAsyncioAdvice(decision: EventLoopDecision): boolean {
  return decision.library === "asyncio" || decision.library === "unknown";
}

/** Whether a fix may write this library's API as safe: the module is known to run on it. */
export function surelyRunsOn(decision: EventLoopDecision): boolean {
  return decision.basis === "runner" || decision.basis === "marker" || decision.basis === "import";
}

/** The first name of each module an import statement imports absolutely (`import anyio.abc` -> `anyio`). */
function importedTopModules(node: Node): string[] {
  if (node.type === "import_statement") {
    const names: string[] = [];
    for (const child of node.namedChildren) {
      const dotted = child?.type === "aliased_import" ? child.childForFieldName("name") : child;
      if (dotted?.type === "dotted_name") names.push(dotted.namedChildren[0]?.text ?? "");
    }
    return names;
  }
  if (node.type !== "import_from_statement") return [];
  const module = node.childForFieldName("module_name");
  return module?.type === "dotted_name" ? [module.namedChildren[0]?.text ?? ""] : [];
}

/** Evidence an import statement gives. */
export function importEvidence(node: Node): string[] {
  return importedTopModules(node).flatMap((name) => (isLibrary(name) ? [`import:${name}`] : []));
}

const RUNNER_MODULES: ReadonlyMap<string, Library> = new Map([
  ["trio.run", "trio"],
  ["anyio.run", "anyio"],
  ["asyncio.run", "asyncio"],
]);

/** Evidence a call gives, from its callee as written (`trio.run`, `loop.run_until_complete`, `nursery.start_soon`). */
export function callEvidence(callee: Node): string | undefined {
  let method: string | undefined;
  let receiver: Node | null = null;
  if (callee.type === "attribute") {
    method = callee.childForFieldName("attribute")?.text;
    receiver = callee.childForFieldName("object");
  } else if (callee.type === "identifier") {
    method = callee.text;
  }
  switch (method) {
    case "run": {
      const library = receiver?.type === "identifier" ? RUNNER_MODULES.get(`${receiver.text}.run`) : undefined;
      return library ? `runner:${library}` : undefined;
    }
    case "run_until_complete":
      return receiver ? "runner:asyncio" : undefined;
    case "open_nursery":
      return "api:trio";
    case "create_task_group":
      return "api:anyio";
    case "start_soon":
      return receiver?.type === "identifier" && receiver.text.toLowerCase().includes("nursery") ? "api:trio" : undefined;
    default:
      return undefined;
  }
}

/** A pytest marker naming a library, as written in a decorator or a `pytestmark` value: `pytest.mark.anyio`. */
function markerIn(expression: Node): Library | undefined {
  let node = expression;
  if (node.type === "call") node = node.childForFieldName("function") ?? node;
  if (node.type !== "attribute") return undefined;
  const library = node.childForFieldName("attribute")?.text ?? "";
  const object = node.childForFieldName("object");
  if (!isLibrary(library) || object?.type !== "attribute") return undefined;
  const mark = object.childForFieldName("attribute")?.text;
  const pytest = object.childForFieldName("object");
  return mark === "mark" && pytest?.type === "identifier" && pytest.text === "pytest" ? library : undefined;
}

/** Evidence a decorator gives (`@pytest.mark.trio`). */
export function decoratorEvidence(decorator: Node): string | undefined {
  const expression = decorator.namedChildren.find((c) => c?.type !== "comment");
  const library = expression ? markerIn(expression) : undefined;
  return library ? `marker:${library}` : undefined;
}

/** Evidence a module-level `pytestmark = …` gives: the markers in its value (one, or a list or tuple of them). */
export function pytestmarkEvidence(target: Node, value: Node): string[] {
  if (target.type !== "identifier" || target.text !== "pytestmark") return [];
  const items = value.type === "list" || value.type === "tuple" ? value.namedChildren : [value];
  return items.flatMap((item) => {
    const library = item ? markerIn(item) : undefined;
    return library ? [`marker:${library}`] : [];
  });
}

/** anyio's pytest plugin parametrizes tests by an `anyio_backend` fixture: defining or requesting it marks anyio tests. */
export function anyioBackendEvidence(name: string): string | undefined {
  return name === "anyio_backend" ? "marker:anyio" : undefined;
}

/** What to write for the library's remedies, by library (asyncio for `unknown`). */
export interface LibraryRemedies {
  /** The module to import. */
  module: "asyncio" | "trio" | "anyio";
  /** `sleep` in that module. */
  sleep: string;
  /** The call that runs a sync function in a worker thread, relative to the module: `to_thread`, `to_thread.run_sync`. */
  toThread: string;
  /** Whether the thread runner passes keyword arguments on (trio's and anyio's take only positional ones). */
  toThreadTakesKeywords: boolean;
}

export function remediesOf(library: EventLoopLibrary): LibraryRemedies {
  switch (library) {
    case "trio":
      return { module: "trio", sleep: "sleep", toThread: "to_thread.run_sync", toThreadTakesKeywords: false };
    case "anyio":
      return { module: "anyio", sleep: "sleep", toThread: "to_thread.run_sync", toThreadTakesKeywords: false };
    default:
      return { module: "asyncio", sleep: "sleep", toThread: "to_thread", toThreadTakesKeywords: true };
  }
}
