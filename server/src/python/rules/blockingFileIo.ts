import type { Node } from "web-tree-sitter";
import { blockingFileIo } from "../../catalogue/AL103-blocking-file-io";
import { localizable, t } from "../../engine/l10n";
import { pythonAtLeast } from "../../engine/settings";
import type { Fix } from "../../engine/types";
import { remediesOf, surelyRunsOn } from "../eventLoopLibrary";
import { DESCRIPTOR_WRAPPERS, FILE_IO_FUNCTIONS, FILE_OBJECT_METHODS, FILE_OPENERS, FILE_WRAPPERS, PATH_IO_METHODS } from "../fileSystemApis";
import type { CallSite, ClassInfo, Scope } from "../moduleModel";
import { PathValues } from "../pathValues";
import { argumentsText, awaitText, ensureModuleImport, insideGeneratorExpression, replaceNode } from "../pythonEdits";
import { callsInCoroutines, calleeLabel, fixable, scopeLabel, type PythonReport, type PythonRule, type PythonRuleContext } from "../pythonRule";
import { reportHandedToRunner } from "./offloaded";
import { throughHelperReports } from "./throughHelpers";

type Library = "asyncio" | "trio" | "anyio";

const OPEN_REMEDY: Record<Library, string> = {
  asyncio: localizable("`aiofiles.open(…)`, or do the whole file work in `await asyncio.to_thread(…)`"),
  trio: "`await trio.open_file(…)`",
  anyio: "`await anyio.open_file(…)`",
};
const THREAD_REMEDY: Record<Library, string> = {
  asyncio: "`await asyncio.to_thread(…)`",
  trio: "`await trio.to_thread.run_sync(…)`",
  anyio: "`await anyio.to_thread.run_sync(…)`",
};
const PATH_REMEDY: Record<Library, string> = {
  asyncio: localizable("`await asyncio.to_thread(…)`, or `aiofiles`"),
  trio: "`trio.Path`",
  anyio: "`anyio.Path`",
};
const FILE_REMEDY: Record<Library, string> = {
  asyncio: localizable("`aiofiles`, or `await asyncio.to_thread(…)`"),
  trio: "`trio.wrap_file(…)`",
  anyio: "`anyio.wrap_file(…)`",
};

const DESCRIPTOR_REMEDY: Record<Library, string> = {
  asyncio: localizable("asyncio's pipe transports (`loop.connect_read_pipe`/`connect_write_pipe`), or `await asyncio.to_thread(…)`"),
  trio: "`await trio.to_thread.run_sync(…)`",
  anyio: "`await anyio.to_thread.run_sync(…)`",
};

/** True when a call passes a keyword argument (or `**kwargs`): trio's and anyio's thread runners take positional arguments only. */
function hasKeywordArguments(call: Node): boolean {
  const args = call.childForFieldName("arguments");
  return args?.type === "argument_list" && args.namedChildren.some((arg) => arg?.type === "keyword_argument" || arg?.type === "dictionary_splat");
}

/** `await open(…)` cannot be the builtin (a file is not awaitable): whatever it is, it is not sync file I/O. */
function awaitedDirectly(site: CallSite): boolean {
  return site.node.parent?.type === "await";
}

/** Inside `trio.wrap_file(open(…))` / `anyio.wrap_file(…)`: the library's own idiom for an async file. */
function wrappedForAsync(context: PythonRuleContext, site: CallSite): boolean {
  const args = site.node.parent;
  const wrapper = args?.type === "argument_list" ? args.parent : null;
  const callee = wrapper?.type === "call" ? wrapper.childForFieldName("function") : null;
  const name = callee ? context.symbols.canonical(callee, site.scope, site.ownerClass) : undefined;
  return name !== undefined && FILE_WRAPPERS.has(name);
}

/** A call that makes a file and is reported itself: an open, not `os.fdopen` (see DESCRIPTOR_WRAPPERS). */
function reportedOpen(context: PythonRuleContext, values: PathValues, call: Node, scope: Scope, ownerClass?: ClassInfo): boolean {
  const callee = call.childForFieldName("function");
  const name = callee ? context.symbols.canonical(callee, scope, ownerClass) : undefined;
  return !(name !== undefined && DESCRIPTOR_WRAPPERS.has(name)) && values.kindOf(call, scope, ownerClass) === "file";
}

/** True when the file is `os.fdopen(…)`, directly or through a name whose every binding is one (it may be a pipe or a socket, not a file on disk). */
function wrapsDescriptor(context: PythonRuleContext, values: PathValues, receiver: Node, site: CallSite): boolean {
  const isWrapper = (call: Node, scope: Scope, ownerClass?: ClassInfo) => {
    const callee = call.type === "call" ? call.childForFieldName("function") : null;
    const name = callee ? context.symbols.canonical(callee, scope, ownerClass) : undefined;
    return name !== undefined && DESCRIPTOR_WRAPPERS.has(name);
  };
  if (receiver.type === "call") return isWrapper(receiver, site.scope, site.ownerClass);
  if (receiver.type !== "identifier") return false;
  const found = values.bindingScope(receiver.text, site.scope);
  return found !== undefined && found.sites.length > 0 && found.sites.every((binding) => isWrapper(binding.value, binding.scope, binding.ownerClass));
}

/**
 * True when the file is opened in this coroutine by a reported open: `open(…).read()`, or a name whose
 * every binding makes a file here, one of them an `open(…)` (or `Path.open()`). That open is reported
 * itself, and its message names the reads and writes: one finding per file is enough. A file opened
 * in a thread (`f = await asyncio.to_thread(open, name)`) or only wrapped (`os.fdopen`) is not: its
 * reads still block and are reported.
 */
function openedHere(context: PythonRuleContext, values: PathValues, receiver: Node, site: CallSite): boolean {
  if (receiver.type === "call") return reportedOpen(context, values, receiver, site.scope, site.ownerClass);
  if (receiver.type !== "identifier") return false;
  const found = values.bindingScope(receiver.text, site.scope);
  return (
    found !== undefined &&
    found.scope === site.scope &&
    found.sites.every((binding) => binding.value.type === "call" && values.kindOf(binding.value, binding.scope, binding.ownerClass) === "file") &&
    found.sites.some((binding) => reportedOpen(context, values, binding.value, binding.scope, binding.ownerClass))
  );
}

/** AL103: opening, reading, writing and copying files in a coroutine. */
export const blockingFileIoRule: PythonRule = {
  meta: blockingFileIo,
  check(context: PythonRuleContext): PythonReport[] {
    const reports: PythonReport[] = [];
    const values = new PathValues(context);
    const loop = context.model.eventLoop;
    const remedies = remediesOf(loop.library);
    const library = remedies.module;
    // asyncio's runner where asyncio may drive the module (the fix is unsafe anyway); trio's and anyio's only where the module surely runs on them.
    const offered = library === "asyncio" ? pythonAtLeast(context.settings, "3.9") : surelyRunsOn(loop);
    const canFix = (site: CallSite) => offered && fixable(context, site.node) && !insideGeneratorExpression(site.node, site.scope.node);

    for (const site of callsInCoroutines(context)) {
      // A sync helper's body cannot await: its parent need not be looked up.
      if (!context.helperMode && awaitedDirectly(site)) continue;
      const name = context.symbols.callName(site);
      if (name !== undefined && FILE_OPENERS.has(name)) {
        if (wrappedForAsync(context, site)) continue;
        reports.push({ node: site.node, message: openMessage(site, library), fixes: [] });
        continue;
      }
      if (name !== undefined && FILE_IO_FUNCTIONS.has(name)) {
        const fixes: Fix[] = [];
        const args = argumentsText(site.node);
        if (args !== undefined && canFix(site) && (library === "asyncio" || !hasKeywordArguments(site.node))) {
          const module = ensureModuleImport(context.model, context.lines, library);
          const rest = args.trim() === "" ? "" : `, ${args}`;
          fixes.push({
            title: t("Run `{0}` in a thread with `await {1}(…)` (other tasks run until it finishes)", calleeLabel(site), `${library}.${remedies.toThread}`),
            edits: [replaceNode(context.lines, site.node, awaitText(site.node, `${module.name}.${remedies.toThread}(${site.callee.text}${rest})`)), ...module.edits],
            safe: false,
          });
        }
        reports.push({
          node: site.node,
          message: t("`{0}` blocks the event loop in {1} until the disk is done. Use {2}.", calleeLabel(site), scopeLabel(site.scope), t(THREAD_REMEDY[library])),
          fixes,
        });
        continue;
      }
      if (site.callee.type !== "attribute") continue;
      const method = site.callee.childForFieldName("attribute")?.text ?? "";
      const receiver = site.callee.childForFieldName("object");
      if (!receiver) continue;
      if (method === "open" || PATH_IO_METHODS.has(method)) {
        if (values.kindOf(receiver, site.scope, site.ownerClass) !== "path") continue;
        if (method === "open") {
          if (!wrappedForAsync(context, site)) reports.push({ node: site.node, message: openMessage(site, library), fixes: [] });
          continue;
        }
        const fixes: Fix[] = [];
        const args = argumentsText(site.node);
        if (args !== undefined && canFix(site)) {
          const module = ensureModuleImport(context.model, context.lines, library);
          const rewritten =
            library === "asyncio"
              ? `${module.name}.${remedies.toThread}(${receiver.text}.${method}${args.trim() === "" ? "" : `, ${args}`})`
              : `${module.name}.Path(${receiver.text}).${method}(${args})`;
          fixes.push({
            title:
              library === "asyncio"
                ? t("Run `{0}` in a thread with `await asyncio.to_thread(…)` (other tasks run until it finishes)", calleeLabel(site))
                : t("Use `await {0}.Path(…).{1}(…)` (other tasks run until it finishes)", library, method),
            edits: [replaceNode(context.lines, site.node, awaitText(site.node, rewritten)), ...module.edits],
            safe: false,
          });
        }
        reports.push({
          node: site.node,
          message: t("`{0}` reads or writes a whole file in {1}, blocking the event loop meanwhile. Use {2}.", calleeLabel(site), scopeLabel(site.scope), t(PATH_REMEDY[library])),
          fixes,
        });
        continue;
      }
      if (FILE_OBJECT_METHODS.has(method) && values.kindOf(receiver, site.scope, site.ownerClass) === "file" && !openedHere(context, values, receiver, site)) {
        reports.push({
          node: site.node,
          message: wrapsDescriptor(context, values, receiver, site)
            ? t(
                "`{0}` is a call on a sync file made by `os.fdopen` in {1}: it blocks the event loop until the descriptor (a file, a pipe or a socket) is ready. Use {2}.",
                calleeLabel(site),
                scopeLabel(site.scope),
                t(DESCRIPTOR_REMEDY[library]),
              )
            : t("`{0}` is a call on a sync file in {1}: it blocks the event loop whenever it reaches the disk. Use {2}.", calleeLabel(site), scopeLabel(site.scope), t(FILE_REMEDY[library])),
          fixes: [],
        });
      }
    }
    reports.push(...throughHelperReports(context, "AL103"));
    return reportHandedToRunner(context, reports);
  },
};

function openMessage(site: CallSite, library: Library): string {
  return t("`{0}(…)` opens a sync file in {1}: opening it blocks the event loop, and so does each read or write on it made here. Use {2}.", calleeLabel(site), scopeLabel(site.scope), t(OPEN_REMEDY[library]));
}
