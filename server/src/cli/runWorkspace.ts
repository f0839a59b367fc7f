import * as fs from "node:fs";
import * as path from "node:path";
import { readRegularFile } from "../engine/readBounded";
import { MAX_MODULE_BYTES, PythonWorkspaceIndex, type ModuleParser, type SourceReader } from "../python/workspaceIndex";
import type { ResolvedHelper } from "../python/helperChains";
import type { PythonWorkspace, WorkspaceSymbol } from "../python/workspace";

/** The file's stamp (`mtime:size`, as the index's disk reader gives it), or null when it is no module to read. */
function statStamp(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size <= MAX_MODULE_BYTES ? `${stat.mtimeMs}:${stat.size}` : null;
  } catch {
    return null;
  }
}

/**
 * The workspace a CLI run resolves imports in. Files do not change under a run (a file that
 * --fix writes is forgotten with `changed`), so each file is stat'ed once and each question
 * (`netlib.Device.send` from one folder) is answered once: real projects ask the same few
 * names (`asyncio.sleep`, `self.log.info`) thousands of times, and each answer walked folders
 * and stat'ed module files again. Each answer keeps the module files it read, so the result
 * cache knows which modules' facts a file's findings depend on (see resultCache.ts).
 */
export class RunWorkspace implements PythonWorkspace {
  readonly index: PythonWorkspaceIndex;
  private readonly stamps = new Map<string, string | null>();
  private readonly answers = new Map<string, { value: WorkspaceSymbol; read: string[] }>();
  private readonly helpers = new Map<string, { value: ResolvedHelper | undefined; read: string[] }>();
  /** Module files read while answering the question in progress. */
  private reading: Set<string> | undefined;
  /** Module files the answers given to the file being analyzed read. */
  private dependencies = new Set<string>();

  constructor(root: string, parse: ModuleParser) {
    this.index = new PythonWorkspaceIndex([root], this.reader, undefined, parse);
  }

  private readonly reader: SourceReader = (file) => {
    this.reading?.add(file);
    let stamp = this.stamps.get(file);
    if (stamp === undefined) this.stamps.set(file, (stamp = statStamp(file)));
    if (stamp === null) return undefined;
    return {
      stamp,
      // Read only when the index has no summary of this stamp yet: most questions find one.
      get text() {
        const read = readRegularFile(file, MAX_MODULE_BYTES);
        // A NUL makes the index summarize nothing: what it does for a file it cannot read.
        return read.ok ? read.bytes.toString("utf8") : "\u0000";
      },
    };
  };

  symbol(fromFile: string | undefined, dotted: string): WorkspaceSymbol {
    return this.answer(this.answers, fromFile, dotted, () => this.index.symbol(fromFile, dotted));
  }

  helper(fromFile: string | undefined, dotted: string): ResolvedHelper | undefined {
    return this.answer(this.helpers, fromFile, dotted, () => this.index.helper(fromFile, dotted));
  }

  /** A question answered once per folder and name, with the module files its answer read, which the file asking then depends on. */
  private answer<T>(answers: Map<string, { value: T; read: string[] }>, fromFile: string | undefined, dotted: string, ask: () => T): T {
    // The same folder resolves a name the same way (its import bases are the same).
    const key = `${fromFile === undefined ? "" : path.dirname(path.resolve(fromFile))}\0${dotted}`;
    let answer = answers.get(key);
    if (!answer) {
      const read = new Set<string>();
      this.reading = read;
      try {
        answer = { value: ask(), read: [...read] };
      } finally {
        this.reading = undefined;
      }
      answers.set(key, answer);
    }
    for (const file of answer.read) this.dependencies.add(file);
    return answer.value;
  }

  /** The module files read for the file analyzed since the last call (the file itself left out), sorted. */
  takeDependencies(file: string): string[] {
    const own = path.resolve(file);
    const taken = [...this.dependencies].filter((dependency) => dependency !== own).sort();
    this.dependencies = new Set();
    return taken;
  }

  /** A file was written (--fix): its summary and every answer that may have read it are forgotten. */
  changed(file: string): void {
    this.stamps.delete(path.resolve(file));
    this.answers.clear();
    this.helpers.clear();
    this.index.invalidate(file);
  }
}
