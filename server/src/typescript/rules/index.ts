import type { TsRule } from "../tsRule";
import { asyncCallbackMisuse } from "./asyncCallbackMisuse";
import { asyncPromiseExecutor } from "./asyncPromiseExecutor";
import { awaitInLoop } from "./awaitInLoop";
import { awaitNonThenable } from "./awaitNonThenable";
import { blockingCall } from "./blockingCall";
import { blockingSleep } from "./blockingSleep";
import { floatingPromise } from "./floatingPromise";
import { misusedPromiseValue } from "./misusedPromiseValue";
import { returnWithoutAwaitInTry } from "./returnWithoutAwaitInTry";
import { sequentialAwaits } from "./sequentialAwaits";

/** The TypeScript/JavaScript rules, in code order. */
export const TS_RULES: readonly TsRule[] = [blockingSleep, blockingCall, sequentialAwaits, awaitInLoop, floatingPromise, asyncCallbackMisuse, misusedPromiseValue, awaitNonThenable, returnWithoutAwaitInTry, asyncPromiseExecutor];
