import type { RuleMeta } from "../engine/rule";

export const asyncPromiseExecutor: RuleMeta = {
  code: "AL307",
  name: "async-promise-executor",
  defaultSeverity: { python: "warning", typescript: "warning" },
  summary: "`new Promise(async (resolve, reject) => …)`: an error thrown inside the async executor is lost and the promise never settles.",
  whatItDoes:
    "TypeScript/JavaScript: flags an async function (arrow or `function`, also in parentheses) passed as the executor of `new Promise(…)`, " +
    "where `Promise` is the global one (a local class or variable named `Promise` is not).",
  whyIsThisBad:
    "The `Promise` constructor ignores what its executor returns, and an async executor returns a promise. When the executor throws, " +
    "or an `await` in it rejects, that rejection goes to the ignored promise, not to the one being built: it stays pending forever and " +
    "the error surfaces, if at all, as an unhandled rejection. An executor that awaits is also a sign that `new Promise` is not needed.",
  examples: [
    {
      language: "typescript",
      bad: "function waitForPrompt(session: Session): Promise<string> {\n  return new Promise(async (resolve) => {\n    await session.send(\"\\n\");\n    session.once(\"prompt\", resolve);\n  });\n}\n",
      good: "function waitForPrompt(session: Session): Promise<string> {\n  return new Promise((resolve, reject) => {\n    (async () => {\n      await session.send(\"\\n\");\n      session.once(\"prompt\", resolve);\n    })().catch(reject);\n  });\n}\n",
    },
  ],
  fix:
    "Rewrites the executor as a plain function that runs the same body as an async arrow function and passes its errors to `reject`: " +
    "`new Promise((resolve, reject) => { (async () => { … })().catch(reject); })`. Safe, and applied by fix-all: the body runs at the " +
    "same moment with the same `resolve`, `this` and `arguments`; only an error, which was lost, now rejects the promise. Offered when " +
    "the executor has no return type written, is no generator, takes `resolve` (and `reject`) as plain names, and `reject` can be added " +
    "without taking a name the body uses.",
  aliases: ["no-async-promise-executor"],
};
