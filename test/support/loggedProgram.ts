import { spawn } from "node:child_process";
import * as path from "node:path";

export interface LoggedRun {
  stdout: string;
  /** The program's own log on stderr, one `start LABEL` / `end LABEL` line around each awaited operation. */
  events: { kind: "start" | "end"; label: string }[];
}

/** Runs a fixture program (python3 or node) that logs when each of its operations starts and ends on stderr. */
export function runLoggedProgram(command: string, file: string): Promise<LoggedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [file], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const events = stderr
        .split(/\r?\n/)
        .filter(Boolean)
        .map((line) => /^(start|end) (.+)$/.exec(line));
      if (code !== 0 || events.length === 0 || events.some((e) => e === null)) reject(new Error(`${path.basename(file)} failed (${code}) or logged no events:\n${stderr}`));
      else resolve({ stdout, events: events.map((e) => ({ kind: e![1] as "start" | "end", label: e![2] })) });
    });
  });
}

/**
 * The most operations under way at once, read from the log: 1 when each starts only after the one
 * before it ended (one after the other), more when they overlap (run concurrently). No clock is read,
 * so a busy machine cannot change the answer.
 */
export function mostAtOnce(events: LoggedRun["events"]): number {
  const open = new Set<string>();
  let most = 0;
  for (const event of events) {
    if (event.kind === "start") open.add(event.label);
    else if (!open.delete(event.label)) throw new Error(`${event.label} ended without starting`);
    most = Math.max(most, open.size);
  }
  if (open.size > 0) throw new Error(`never ended: ${[...open].join(", ")}`);
  return most;
}
