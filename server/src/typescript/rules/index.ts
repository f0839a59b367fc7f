import type { TsRule } from "../tsRule";
import { asyncCallbackMisuse } from "./asyncCallbackMisuse";
import { blockingCall } from "./blockingCall";
import { blockingSleep } from "./blockingSleep";
import { floatingPromise } from "./floatingPromise";

/** The TypeScript/JavaScript rules, in code order. */
export const TS_RULES: readonly TsRule[] = [blockingSleep, blockingCall, floatingPromise, asyncCallbackMisuse];
