import { blockingSleep } from "../catalogue/AL101-blocking-sleep";
import { blockingCall } from "../catalogue/AL102-blocking-call";
import { blockingFileIo } from "../catalogue/AL103-blocking-file-io";
import { blockingPathQuery } from "../catalogue/AL104-blocking-path-query";
import { sequentialAwaits } from "../catalogue/AL201-sequential-awaits";
import { awaitInLoop } from "../catalogue/AL202-await-in-loop";
import { busyWait } from "../catalogue/AL203-busy-wait";
import { timeoutWithoutAwait } from "../catalogue/AL204-timeout-without-await";
import { unawaitedCoroutine } from "../catalogue/AL301-unawaited-coroutine";
import { danglingTask } from "../catalogue/AL302-dangling-task";
import { asyncCallbackMisuse } from "../catalogue/AL303-async-callback-misuse";
import { misusedPromiseValue } from "../catalogue/AL304-misused-promise-value";
import { awaitNonThenable } from "../catalogue/AL305-await-non-thenable";
import { returnWithoutAwaitInTry } from "../catalogue/AL306-return-without-await-in-try";
import { asyncPromiseExecutor } from "../catalogue/AL307-async-promise-executor";
import { asyncioRunInAsync } from "../catalogue/AL401-asyncio-run-in-async";
import { timeoutParameter } from "../catalogue/AL501-timeout-parameter";
import { asyncWithoutAwait } from "../catalogue/AL502-async-without-await";
import { unusedSuppression } from "../catalogue/AL900-unused-suppression";
import type { RuleMeta } from "./rule";

/** Every rule asynclint knows, in code order. Codes are public: settings, suppressions and docs use them. */
export const RULES: readonly RuleMeta[] = [blockingSleep, blockingCall, blockingFileIo, blockingPathQuery, sequentialAwaits, awaitInLoop, busyWait, timeoutWithoutAwait, unawaitedCoroutine, danglingTask, asyncCallbackMisuse, misusedPromiseValue, awaitNonThenable, returnWithoutAwaitInTry, asyncPromiseExecutor, asyncioRunInAsync, timeoutParameter, asyncWithoutAwait, unusedSuppression].sort(
  (a, b) => a.code.localeCompare(b.code),
);

const byCode = new Map(RULES.map((rule) => [rule.code, rule]));
const byName = new Map(RULES.map((rule) => [rule.name, rule]));

export function ruleByCode(code: string): RuleMeta | undefined {
  return byCode.get(code.toUpperCase());
}

export function ruleByName(name: string): RuleMeta | undefined {
  return byName.get(name);
}

/** Maps a code of another linter (ASYNC251, RUF006) to ours. */
export function ruleByAlias(alias: string): RuleMeta | undefined {
  const upper = alias.toUpperCase();
  // Case-insensitive: Ruff codes are written upper-case, typescript-eslint rule names lower-case.
  return RULES.find((rule) => rule.aliases?.some((known) => known.toUpperCase() === upper));
}
