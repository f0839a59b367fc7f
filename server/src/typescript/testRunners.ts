import type { DeclarationOrigin } from "./typeQuestions";

/**
 * Test registrations whose promise the runner itself waits for. node:test's `test()`,
 * `describe()`, `it()` and `suite()` return a promise, but the runner awaits every top-level
 * test and every test of a suite on its own (a test called inside a suite "fulfills
 * immediately", says Node's documentation), so `test("…", async () => …)` as a statement is how
 * the API is meant to be used, not a floating promise. tap's `test()` and `t.test()` are the same:
 * a parent waits for its subtests.
 *
 * node:test's subtests (`t.test()` inside a test): since Node 24 a test waits for its subtests
 * (nodejs/node#56664, "automatically wait for subtests to finish", kept in 24 by #58800). On
 * Node 18 to 22 a subtest still running when its parent ends is cancelled and reported as a
 * failure ("test did not finish before its parent and was cancelled"), so the runner itself says
 * so at the first run, and a subtest followed by an awaited one finishes first anyway (subtests
 * run in order). Which Node runs the tests is not in the code, so there is no evidence of a bug
 * to report: subtests count as registrations too.
 *
 * A runner is known by where the called function is declared (its module: `declare module
 * "node:test"` in @types/node, the `tap` package, …), never by the name alone: a project's own
 * `test()` helper that returns a promise is still reported. mocha, jest, vitest, ava and bun's
 * registrations return no promise in their type definitions; they are listed so that a
 * definition that does (an older or a wrapped one) is still understood.
 */
interface Runner {
  modules: readonly string[];
  /** Names of the registering functions and of their variants (`test.only`, `describe.skip`, `it.each(…)(…)`). */
  registrations: ReadonlySet<string>;
}

const HOOKS = ["before", "after", "beforeEach", "afterEach", "beforeAll", "afterAll"];
const VARIANTS = ["only", "skip", "todo", "each", "concurrent", "sequential", "failing", "fails", "serial", "skipIf", "runIf"];

const RUNNERS: readonly Runner[] = [
  { modules: ["node:test"], registrations: new Set(["test", "it", "describe", "suite", ...HOOKS, ...VARIANTS]) },
  { modules: ["tap", "@tapjs/core", "@tapjs/test"], registrations: new Set(["test", "teardown", ...HOOKS, ...VARIANTS]) },
  {
    modules: ["mocha"],
    registrations: new Set(["describe", "context", "it", "specify", "suite", "test", "suiteSetup", "suiteTeardown", "setup", "teardown", "xdescribe", "xcontext", "xit", "xspecify", ...HOOKS, ...VARIANTS]),
  },
  { modules: ["jest", "@jest/globals"], registrations: new Set(["describe", "fdescribe", "xdescribe", "it", "fit", "xit", "test", "xtest", ...HOOKS, ...VARIANTS]) },
  { modules: ["vitest", "@vitest/runner"], registrations: new Set(["describe", "suite", "it", "test", "bench", ...HOOKS, ...VARIANTS]) },
  { modules: ["ava"], registrations: new Set(["test", ...HOOKS, ...VARIANTS]) },
  { modules: ["bun:test"], registrations: new Set(["describe", "it", "test", ...HOOKS, ...VARIANTS]) },
];

/** `node:test` and `test` are one module (Node resolves `test` only with the prefix, but typings may declare both). */
export function sameModule(written: string, declared: string): boolean {
  const strip = (name: string) => (name.startsWith("node:") ? name.slice("node:".length) : name);
  return strip(written) === strip(declared) || declared.startsWith(`${written}/`);
}

/**
 * Whether a call registers a test, suite or hook with a known runner. `target` is where the
 * called function is declared; `writtenName` the name the call uses, for a callee declared as a
 * call signature without a name (`declare const test: TestFn`).
 */
export function isTestRegistration(target: DeclarationOrigin | undefined, writtenName: string | undefined): boolean {
  const module = target?.module;
  if (!module) return false;
  const name = target.name ?? writtenName;
  if (!name) return false;
  return RUNNERS.some((runner) => runner.modules.some((known) => sameModule(known, module)) && runner.registrations.has(name));
}
