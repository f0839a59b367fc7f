import type { PythonRule } from "../pythonRule";
import { asyncioRunInAsyncRule } from "./asyncioRunInAsync";
import { blockingCallRule } from "./blockingCall";
import { blockingSleepRule } from "./blockingSleep";
import { danglingTaskRule } from "./danglingTask";
import { unawaitedCoroutineRule } from "./unawaitedCoroutine";

/** Every Python rule, run in this order on each module. */
export const PYTHON_RULES: readonly PythonRule[] = [blockingSleepRule, blockingCallRule, unawaitedCoroutineRule, danglingTaskRule, asyncioRunInAsyncRule];
