import type { Node } from "web-tree-sitter";
import type { BlockingCondition } from "../knownApis";
import type { CallSite } from "../moduleModel";
import type { PythonRuleContext } from "../pythonRule";

/**
 * Whether a call of an API that blocks only in some uses (see `BlockingCondition`) shows that it
 * blocks here. Each answer needs positive evidence in the call or around it; an argument whose value
 * cannot be read (a variable mode, options built elsewhere) counts as no evidence.
 */
export function blocksHere(context: PythonRuleContext, site: CallSite, condition: BlockingCondition): boolean {
  switch (condition) {
    case "wait-mode":
      return spawnWaits(context, site);
    case "no-wnohang":
      return waitWaits(context, site);
    case "host-given":
      return hostGiven(site.node);
    case "blocking-socket":
      return socketBlocks(context, site);
    case "resolves-names":
      return resolvesNames(site);
  }
}

/** `getaddrinfo(host, port, family, type, proto, flags)` with `AI_NUMERICHOST` in its flags parses the address and asks no server. */
function resolvesNames(site: CallSite): boolean {
  const args = argumentsOf(site.node);
  if (!args) return true;
  const flags = args.keywords.get("flags") ?? args.positional[5];
  return !flags || !/\bAI_NUMERICHOST\b/.test(flags.text);
}

/** The arguments of a call, positional ones in order and keyword ones by name; undefined for `*args`/`**kwargs`. */
function argumentsOf(call: Node): { positional: Node[]; keywords: Map<string, Node> } | undefined {
  const args = call.childForFieldName("arguments");
  if (args?.type !== "argument_list") return undefined;
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === "comment") continue;
    if (arg.type === "list_splat" || arg.type === "dictionary_splat") return undefined;
    if (arg.type === "keyword_argument") {
      const name = arg.childForFieldName("name")?.text;
      const value = arg.childForFieldName("value");
      if (name && value) keywords.set(name, value);
    } else {
      positional.push(arg);
    }
  }
  return { positional, keywords };
}

/** The name a constant is written with, resolved through the imports (`P_WAIT` from `from os import P_WAIT` -> `os.P_WAIT`); the last part as written otherwise. */
function constantName(context: PythonRuleContext, site: CallSite, node: Node): string | undefined {
  if (node.type !== "identifier" && node.type !== "attribute") return undefined;
  const canonical = context.symbols.canonical(node, site.scope, site.ownerClass);
  if (canonical) return canonical;
  // A local copy (`P_WAIT = os.P_WAIT`) keeps the constant's name.
  return node.type === "identifier" ? node.text : node.childForFieldName("attribute")?.text;
}

/** `os.spawn*(mode, …)` waits for the child with `os.P_WAIT` (0 on every platform); any other mode, or one not known, starts it and returns. */
function spawnWaits(context: PythonRuleContext, site: CallSite): boolean {
  const args = argumentsOf(site.node);
  if (!args) return false;
  const mode = args.keywords.get("mode") ?? args.positional[0];
  // Called without a mode (it raises): what was written is a call that waits.
  if (!mode) return true;
  if (mode.type === "integer") return Number(mode.text) === 0;
  const name = constantName(context, site, mode);
  return name !== undefined && (name === "P_WAIT" || name.endsWith(".P_WAIT"));
}

/** Where each wait function takes its options. */
const OPTIONS_AT: Readonly<Record<string, number>> = { waitpid: 1, wait3: 0, wait4: 1, waitid: 2 };

/** Options made only of integers and `os.W…` flags other than `WNOHANG`, joined by `|`: such a wait blocks. */
function blockingOptions(context: PythonRuleContext, site: CallSite, node: Node): boolean {
  if (node.type === "integer") return true;
  if (node.type === "parenthesized_expression" && node.namedChildren[0]) return blockingOptions(context, site, node.namedChildren[0]);
  if (node.type === "binary_operator") {
    const operator = node.childForFieldName("operator")?.text;
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    return operator === "|" && left !== null && right !== null && blockingOptions(context, site, left) && blockingOptions(context, site, right);
  }
  const name = constantName(context, site, node);
  if (!name) return false;
  const flag = name.startsWith("os.") ? name.slice(3) : name;
  return /^W[A-Z]+$/.test(flag) && flag !== "WNOHANG";
}

/** `os.waitpid(pid, options)` and its kin wait unless their options hold `WNOHANG` (or cannot be read). */
function waitWaits(context: PythonRuleContext, site: CallSite): boolean {
  const args = argumentsOf(site.node);
  if (!args) return false;
  const method = site.callee.type === "attribute" ? site.callee.childForFieldName("attribute")?.text : site.callee.text;
  const options = args.positional[OPTIONS_AT[method ?? ""] ?? -1];
  // Called without options (it raises): what was written is a call that waits.
  if (!options) return args.keywords.size === 0;
  return blockingOptions(context, site, options);
}

/** `smtplib.SMTP(host)` / `ftplib.FTP(host)` connect in the constructor when given a host that is not the empty string. */
function hostGiven(call: Node): boolean {
  const args = argumentsOf(call);
  if (!args) return false;
  const host = args.keywords.get("host") ?? args.positional[0];
  if (!host) return false;
  return !(host.type === "string" && /^[rRbBuU]?(''|"")$/.test(host.text));
}

/** The `.makefile(…)` call a value is, or a name is bound to once (`f = sock.makefile("rb")`, `with sock.makefile() as f`). */
function makefileCall(context: PythonRuleContext, site: CallSite, value: Node): Node | undefined {
  let expression = value;
  while (expression.type === "parenthesized_expression" && expression.namedChildren[0]) expression = expression.namedChildren[0];
  if (expression.type === "call") {
    const callee = expression.childForFieldName("function");
    return callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "makefile" ? expression : undefined;
  }
  if (expression.type !== "identifier") return undefined;
  const bindings = context.model.typedBindings.filter((b) => b.scope === site.scope && b.target.type === "identifier" && b.target.text === expression.text);
  return bindings.length === 1 && bindings[0].value.type === "call" ? makefileCall(context, site, bindings[0].value) : undefined;
}

/** The socket a method is called on: the socket itself, or the one under a file from its `makefile()`. */
function socketBehind(context: PythonRuleContext, site: CallSite, object: Node): Node | undefined {
  const name = context.symbols.callName(site);
  if (!name?.startsWith("socket.SocketFile.")) return object;
  const makefile = makefileCall(context, site, object);
  const callee = makefile?.childForFieldName("function");
  return callee?.childForFieldName("object") ?? undefined;
}

/** A numeric literal greater than zero, or `None`: a timeout that still waits. */
function stillWaits(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === "none") return true;
  return (node.type === "integer" || node.type === "float") && Number(node.text.replace(/_/g, "")) > 0;
}

/**
 * A method of a socket built here blocks unless the code shows it is not a blocking socket: it was
 * made non-blocking (`setblocking(False)`, `settimeout(0)`, with a value that cannot be read), or
 * handed to some call (the loop's `sock_*` methods and `open_connection(sock=…)` make it
 * non-blocking; another helper may), or the module sets a default timeout. The socket is named as
 * written (`sock`, `self.sock`): the same text in the function (for `self.`, the class) is the same socket.
 */
function socketBlocks(context: PythonRuleContext, site: CallSite): boolean {
  const object = site.callee.type === "attribute" ? site.callee.childForFieldName("object") : null;
  const receiver = object ? socketBehind(context, site, object) : undefined;
  if (!receiver || (receiver.type !== "identifier" && receiver.type !== "attribute")) return false;
  const written = receiver.text;
  const viaSelf = written.startsWith("self.");
  const local = receiver.type === "identifier" && site.scope.bound.has(written);
  for (const call of context.model.calls) {
    if (viaSelf ? call.ownerClass !== site.ownerClass : local && call.scope !== site.scope) continue;
    const name = context.symbols.callName(call);
    if (name === "socket.setdefaulttimeout") return false;
    const callee = call.callee;
    if (callee.type === "attribute" && callee.childForFieldName("object")?.text === written) {
      const method = callee.childForFieldName("attribute")?.text;
      const args = argumentsOf(call.node);
      const first = args?.positional[0];
      if (method === "setblocking" && !(first && (first.type === "true" || first.text === "1"))) return false;
      if (method === "settimeout" && !stillWaits(first)) return false;
      continue;
    }
    const args = argumentsOf(call.node);
    if (!args) continue;
    if ([...args.positional, ...args.keywords.values()].some((arg) => arg.text === written)) return false;
  }
  return true;
}
