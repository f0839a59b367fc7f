import { spawn } from "node:child_process";
import * as path from "node:path";

export interface TimedRun {
  stdout: string;
  /** Seconds the program measured itself (printed as `elapsed=…` on stderr): interpreter start-up excluded. */
  elapsed: number;
}

/** Runs a fixture program (python3 or node) that reports its own running time on stderr. */
export function runTimedProgram(command: string, file: string): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [file], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const elapsed = /elapsed=([\d.]+)/.exec(stderr);
      if (code !== 0 || !elapsed) reject(new Error(`${path.basename(file)} failed (${code}):\n${stderr}`));
      else resolve({ stdout, elapsed: Number(elapsed[1]) });
    });
  });
}
