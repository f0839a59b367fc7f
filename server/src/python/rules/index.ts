import type { PythonRule } from "../pythonRule";
import { asyncCallbackMisuseRule } from "./asyncCallbackMisuse";
import { asyncWithoutAwaitRule } from "./asyncWithoutAwait";
import { asyncioRunInAsyncRule } from "./asyncioRunInAsync";
import { awaitInLoopRule } from "./awaitInLoop";
import { blockingCallRule } from "./blockingCall";
import { blockingFileIoRule } from "./blockingFileIo";
import { blockingPathQueryRule } from "./blockingPathQuery";
import { blockingSleepRule } from "./blockingSleep";
import { busyWaitRule } from "./busyWait";
import { danglingTaskRule } from "./danglingTask";
import { sequentialAwaitsRule } from "./sequentialAwaits";
import { timeoutParameterRule } from "./timeoutParameter";
import { timeoutWithoutAwaitRule } from "./timeoutWithoutAwait";
import { unawaitedCoroutineRule } from "./unawaitedCoroutine";

/** Every Python rule, run in this order on each module. */
export const PYTHON_RULES: readonly PythonRule[] = [blockingSleepRule, blockingCallRule, blockingFileIoRule, blockingPathQueryRule, sequentialAwaitsRule, awaitInLoopRule, unawaitedCoroutineRule, danglingTaskRule, asyncCallbackMisuseRule, asyncioRunInAsyncRule, busyWaitRule, timeoutWithoutAwaitRule, timeoutParameterRule, asyncWithoutAwaitRule];
