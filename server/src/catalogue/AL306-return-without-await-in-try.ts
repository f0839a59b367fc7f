import type { RuleMeta } from "../engine/rule";

export const returnWithoutAwaitInTry: RuleMeta = {
  code: "AL306",
  name: "return-without-await-in-try",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "A promise is returned without `await` inside `try`, so its rejection escapes the `catch` and `finally` runs before it settles.",
  whatItDoes:
    "TypeScript/JavaScript: in an async function (not an async generator, whose `return` awaits by itself), flags `return p` where `p` " +
    "is a promise (the type checker decides, as for AL301; other thenables only with `asynclint.typescript.checkThenables`) and the " +
    "`return` is in a place where awaiting matters: inside a `try` block (which always has a `catch` or a `finally`), inside a `catch` " +
    "block whose `try` has a `finally`, or after a `using` / `await using` declaration in scope (disposal is a `finally`). A `return` in " +
    "a `finally`, or in a `catch` without a `finally`, is not reported, nor one in a nested function. Both branches of `return c ? p : q` " +
    "are looked at.",
  whyIsThisBad:
    "`return p` hands the promise to the caller and leaves the `try` at once: when `p` rejects, the `catch` is already behind, so the " +
    "error bypasses the handling written for it, and the `finally` (closing a connection, releasing a lock, stopping a timer) has " +
    "already run while the work is still going on. `return await p` keeps the function inside the `try` until `p` settles.",
  examples: [
    {
      language: "typescript",
      bad: "async function showVersion(session: Session): Promise<string> {\n  try {\n    return session.run(\"show version\");\n  } catch (error) {\n    return `unreachable: ${String(error)}`;\n  } finally {\n    session.close();\n  }\n}\n",
      good: "async function showVersion(session: Session): Promise<string> {\n  try {\n    return await session.run(\"show version\");\n  } catch (error) {\n    return `unreachable: ${String(error)}`;\n  } finally {\n    session.close();\n  }\n}\n",
    },
  ],
  fix:
    "Adds `await` after `return` (for a `? :` branch, to that branch). Safe, and applied by fix-all, when only a `catch` is concerned: " +
    "the function returns the same value and a rejection now reaches the `catch`. Where a `finally` block or a `using` disposal is " +
    "concerned it is a suggestion only, since that cleanup then runs after the promise settles instead of before.",
  aliases: ["@typescript-eslint/return-await"],
};
