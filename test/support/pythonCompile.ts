import { spawnSync } from "node:child_process";

const CHECKER = `
import json, sys
sources = json.load(sys.stdin)
errors = {}
for name, text in sources.items():
    try:
        compile(text, name, "exec", dont_inherit=True)
    except SyntaxError as error:
        errors[name] = f"{error.msg} (line {error.lineno})"
json.dump(errors, sys.stdout)
`;

/**
 * Compiles Python sources with the real `python3` (as `py_compile` does, without writing .pyc
 * files) in one process. Returns the syntax error of each source that fails, by name.
 */
export function pythonCompileErrors(sources: Record<string, string>): Record<string, string> {
  const result = spawnSync("python3", ["-c", CHECKER], { input: JSON.stringify(sources), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr || result.error}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}
