import type { Node } from "web-tree-sitter";
import { timeoutParameter } from "../../catalogue/AL501-timeout-parameter";
import { localizable, t } from "../../engine/l10n";
import { asyncDefinitions } from "../asyncDefinitions";
import { remediesOf } from "../eventLoopLibrary";
import type { CallSite } from "../moduleModel";
import type { PythonReport, PythonRule, PythonRuleContext } from "../pythonRule";

/** Decorators that leave the signature the function's own: anything else (a framework's handler, `@override`) may fix it. */
const NEUTRAL_DECORATORS = new Set(["staticmethod", "classmethod", "abstractmethod", "abc.abstractmethod"]);

const REMEDY = {
  asyncio: localizable("`async with asyncio.timeout(…)` or `asyncio.wait_for(…)`"),
  trio: "`with trio.fail_after(…)` / `trio.move_on_after(…)`",
  anyio: "`with anyio.fail_after(…)` / `anyio.move_on_after(…)`",
};

/** The parameter named `timeout` (not `*timeout` or `**timeout`), if the definition has one. */
function timeoutParameterOf(definition: Node): Node | undefined {
  for (const parameter of definition.childForFieldName("parameters")?.namedChildren ?? []) {
    if (!parameter) continue;
    const name =
      parameter.type === "identifier"
        ? parameter
        : parameter.type === "default_parameter" || parameter.type === "typed_default_parameter"
          ? parameter.childForFieldName("name")
          : parameter.type === "typed_parameter"
            ? parameter.namedChildren.find((c) => c?.type === "identifier")
            : undefined;
    if (name?.text === "timeout") return parameter;
  }
  return undefined;
}

/** `float`, `int | None`, `Optional[float]`, `Union[int, float, None]`: a number of seconds. */
const SECONDS_ANNOTATION = /^(?:(?:typing\.)?(?:Optional|Union)\[)?(?:int|float|None)(?:[|,](?:int|float|None))*\]?$/;

/**
 * Whether the parameter may be a number of seconds, which a timeout context can stand in for. An
 * annotation or default of another kind (httpx's `Timeout` with a limit per phase, aiohttp's
 * `ClientTimeout`, a sentinel) configures more than a deadline: no finding.
 */
function maySeconds(parameter: Node): boolean {
  const annotation = parameter.childForFieldName("type");
  if (annotation && !SECONDS_ANNOTATION.test(annotation.text.replace(/\s+/g, ""))) return false;
  const value = parameter.childForFieldName("value");
  return !value || value.type === "integer" || value.type === "float" || value.type === "none";
}

/**
 * Whether the function handles its own deadline: an `except` naming `TimeoutError` (raising an error
 * of its own with the partial output, or closing by force after a grace period). The parameter then
 * gives more than a caller's timeout context would.
 */
function handlesTimeout(definition: Node): boolean {
  const body = definition.childForFieldName("body");
  return (body?.descendantsOfType("except_clause") ?? []).some((clause) => clause !== null && /\bTimeoutError\b/.test(clause.namedChildren[0]?.text ?? ""));
}

/** Calls whose timeout argument is a deadline on what they wrap: what a caller's own timeout context does as well. */
const DEADLINES = new Set(["asyncio.wait_for", "asyncio.timeout", "async_timeout.timeout", "trio.fail_after", "trio.move_on_after", "anyio.fail_after", "anyio.move_on_after"]);

/**
 * Whether every use of the parameter in the body is the deadline of one of the calls above, made
 * once (not in a loop): then a caller's timeout context does the same. A `timeout` handed to anything
 * else is read in ways a context cannot stand in for (a long-polling request sent to a server, a
 * limit per reconnect attempt or per ping, a grace period before closing by force). A body that
 * never reads it (a stub, an abstract method) gives nothing that the parameter would.
 */
function onlyDeadlineUses(context: PythonRuleContext, definition: Node, sitesByCall: Map<number, CallSite>): boolean {
  const body = definition.childForFieldName("body");
  for (const identifier of body?.descendantsOfType("identifier") ?? []) {
    if (!identifier || identifier.text !== "timeout") continue;
    let parent = identifier.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === identifier.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === identifier.id) continue;
    let keyword: string | undefined;
    if (parent?.type === "keyword_argument") {
      keyword = parent.childForFieldName("name")?.text;
      parent = parent.parent;
    }
    const call = parent?.type === "argument_list" ? parent.parent : null;
    const site = call?.type === "call" ? sitesByCall.get(call.id) : undefined;
    const name = site ? context.symbols.callName(site) : undefined;
    if (!site || !name || !DEADLINES.has(name)) return false;
    if (name === "asyncio.wait_for") {
      const position = parent!.namedChildren.findIndex((arg) => arg?.id === identifier.id);
      if (keyword !== "timeout" && position !== 1) return false;
    } else if (keyword !== undefined && keyword !== "delay" && keyword !== "seconds") {
      return false;
    }
    for (let n = call!.parent; n && n.id !== definition.id; n = n.parent) {
      if (n.type === "for_statement" || n.type === "while_statement" || n.type === "function_definition" || n.type === "lambda") return false;
    }
  }
  return true;
}

/** AL501 (style): an `async def` with a `timeout` parameter, where the caller's timeout context is the idiom. */
export const timeoutParameterRule: PythonRule = {
  meta: timeoutParameter,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    const remedy = t(REMEDY[remediesOf(context.model.eventLoop.library).module]);
    let sitesByCall: Map<number, CallSite> | undefined;
    for (const definition of asyncDefinitions(context)) {
      if (definition.decorators.some((d) => !NEUTRAL_DECORATORS.has(d.text))) continue;
      const parameter = timeoutParameterOf(definition.node);
      if (!parameter || !maySeconds(parameter) || handlesTimeout(definition.node)) continue;
      sitesByCall ??= new Map(context.model.calls.map((site) => [site.node.id, site]));
      if (!onlyDeadlineUses(context, definition.node, sitesByCall)) continue;
      reports.push({
        node: parameter,
        message: t(
          "`async def {0}` takes a `timeout`: callers can limit any awaitable themselves with {1}, and a parameter has to be passed down to every call inside that should honour it.",
          definition.name.text,
          remedy,
        ),
        fixes: [],
      });
    }
    return reports;
  },
};
