import type { RuleMeta } from "../engine/rule";

export const awaitNonThenable: RuleMeta = {
  code: "AL305",
  name: "await-non-thenable",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "`await` on a value that is certainly no promise or thenable: it waits for nothing.",
  whatItDoes:
    "TypeScript/JavaScript: flags `await x` where the type checker proves `x` is no thenable: each member of its type is a number, " +
    "string, boolean, bigint, symbol, null, undefined, enum, an array, a function, or an object type without a `then` member and " +
    "without an index signature (`Record<string, T>` may have a `then` key). Nothing is said when the type is not certain: `any`, " +
    "`unknown`, `object`, `{}`, a type parameter (unless constrained to primitives, `T extends number`), a union holding a thenable " +
    "(`Promise<T> | T` is a fine thing to await), a generic mapped type, and `void`: a function typed `() => void` may be given an " +
    "async function (TypeScript allows it), so `await options.onClose?.()` is how hooks that may be async are waited for. A value " +
    "with any `then` member is not reported either: `await` calls that method. `await null;` and `await undefined;` as statements " +
    "are a deliberate way to give up one turn, and are not reported.",
  whyIsThisBad:
    "`await` on a plain value does not wait for any work: it only lets other callbacks run for one microtask turn. It usually means a " +
    "function that was async became synchronous (the `await` is left over), or the wrong thing is awaited (a function instead of its " +
    "call, a result object instead of its `.done` promise), and the reader believes the code waits for something that it does not wait for.",
  examples: [
    {
      language: "typescript",
      bad: "function parseConfig(text: string): Config {\n  return JSON.parse(text) as Config;\n}\n\nasync function load(path: string) {\n  const text = await readFile(path, \"utf8\");\n  return await parseConfig(text);\n}\n",
      good: "function parseConfig(text: string): Config {\n  return JSON.parse(text) as Config;\n}\n\nasync function load(path: string) {\n  const text = await readFile(path, \"utf8\");\n  return parseConfig(text);\n}\n",
    },
  ],
  fix:
    "Removes the `await` (a suggestion, never applied by fix-all or `--fix`): even on a plain value, `await` gives up a turn, so the " +
    "code after it now runs before callbacks that were waiting, which code elsewhere may rely on. The operand is put in parentheses " +
    "where it would otherwise start a statement or an arrow function's body with `{`.",
  aliases: ["@typescript-eslint/await-thenable"],
};
