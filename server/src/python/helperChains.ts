import type { Range } from "../engine/types";
import { mayRun, type BlockingCode, type Guard, type HelperFacts, type HelperParam, type HelperStep, type LiteralArguments } from "./helperFacts";

/** The blocking call a helper reaches, and the helpers passed through on the way. */
export interface BlockingChain {
  code: BlockingCode;
  /** The blocking call as written: `requests.get`. */
  call: string;
  /** The module it is in: absolute; absent for the module being analyzed. */
  file?: string;
  range: Range;
  /** The helper whose body makes it (`f`, `Cls.m`) and which of its calls with that callee it is: found again in the current text. */
  helper: string;
  nth: number;
  /** The helpers called on the way after the first, as written (`fetch_json`, `self._get`). */
  via: string[];
}

/** A helper with each step already followed to the blocking call it leads to, and the guards a call's arguments are checked against. */
export interface ResolvedHelper {
  params: HelperParam[];
  steps: Array<{ guards: Guard[]; chain: BlockingChain }>;
}

/** How many helpers deep a chain is followed: past that, the answer is "not known to block". */
export const MAX_HOPS = 5;

/** True when the first parameter is the receiver: a method called through an instance or its class's construction. */
export function boundReceiver(params: readonly HelperParam[]): boolean {
  const first = params[0]?.name;
  return first === "self" || first === "cls";
}

/** The blocking call a call of this helper with these arguments reaches first, if any. */
export function firstBlocking(helper: ResolvedHelper, args: LiteralArguments | undefined, bound = boundReceiver(helper.params)): BlockingChain | undefined {
  for (const step of helper.steps) if (mayRun(step.guards, helper.params, args, bound)) return step.chain;
  return undefined;
}

/**
 * Follows each step of a helper: a blocking call is its own chain; a call of another helper
 * (`lookup`, which says nothing for a cycle or past the depth) leads where that helper's first
 * reachable step leads with the arguments this call passes.
 */
export function resolveHelper(key: string, facts: HelperFacts, file: string | undefined, lookup: (target: Extract<HelperStep, { kind: "calls" }>["target"]) => ResolvedHelper | undefined): ResolvedHelper {
  const steps: ResolvedHelper["steps"] = [];
  for (const step of facts.steps) {
    if (step.kind === "blocks") {
      steps.push({ guards: step.guards, chain: { code: step.code, call: step.callee, ...(file !== undefined ? { file } : {}), range: step.range, helper: key, nth: step.nth, via: [] } });
      continue;
    }
    const callee = lookup(step.target);
    const chain = callee ? firstBlocking(callee, step.args) : undefined;
    if (chain) steps.push({ guards: step.guards, chain: { ...chain, via: [step.callee, ...chain.via] } });
  }
  return { params: facts.params, steps };
}
