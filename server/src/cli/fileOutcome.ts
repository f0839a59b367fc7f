import type { ConfiguredSettings } from "../engine/projectConfig";
import type { Finding } from "../engine/types";
import type { CacheOptions } from "./cachedRun";
import type { SettingsOptions } from "./cliSettings";

/** What the run does with fixes: nothing, write them (`--fix`), or show them (`--diff`). */
export type FixMode = "off" | "write" | "diff";

/** The part of a run's context that is plain data, so worker threads can receive it. */
export interface RunOptions {
  cwd: string;
  fixMode: FixMode;
  unsafeFixes: boolean;
  settings: SettingsOptions;
  /** The language of messages, passed to worker threads (which do not share the main thread's choice). */
  locale?: string;
  /** Where results of earlier runs are kept (see cachedRun.ts); undefined: every file is checked. */
  cache?: CacheOptions;
}

export interface RunContext extends RunOptions {
  settingsFor(file: string): ConfiguredSettings;
}

/** A line for stderr about one file. Errors (unreadable, not writable) make the exit code 2; notes do not. */
export interface FileMessage {
  level: "error" | "note";
  text: string;
  /** Shown instead of the file's path when the message is about another file (its tsconfig). */
  subject?: string;
}

/** The result of checking (and maybe fixing) one file. Plain data: it crosses from worker threads. */
export interface FileOutcome {
  /** Absolute path. */
  file: string;
  /** What is left to report: after fixing, the findings of the fixed text. */
  findings: Finding[];
  messages: FileMessage[];
  /** Problems of the configuration that applies to this file; the caller shows each once. */
  configProblems: string[];
  /** Fixes applied (written with --fix, or shown with --diff). */
  fixesApplied: number;
  /** With --diff, the text before and after the fixes (only when they differ). */
  diff?: { before: string; after: string };
  /** For standard input with fixes: the fixed content, as bytes of the file it stands for. */
  fixedContent?: Uint8Array;
  /** The other modules whose facts the findings depend on (absolute paths): the result cache re-checks the file when one of them changes. */
  dependencies?: string[];
  /** A hash of the file's own facts for other modules (see moduleFacts.ts), when it was analyzed. */
  facts?: string;
}

export function emptyOutcome(file: string): FileOutcome {
  return { file, findings: [], messages: [], configProblems: [], fixesApplied: 0 };
}
