import * as fs from "node:fs";
import * as path from "node:path";

/**
 * `asynclint server [--stdio]`: the very language server the VS Code extension starts (dist/server.js),
 * for the editors that start a server from the npm package (Neovim, Helix, Zed, Sublime), as
 * `ruff server` and `pyright-langserver --stdio` do. The transport options are the ones
 * vscode-languageserver reads from the command line; without one it talks over standard input and output.
 */
export const SERVER_USAGE = `Usage: asynclint server [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

Runs the asynclint language server (the same one the VS Code extension uses) for an editor
that speaks the Language Server Protocol. Default transport: --stdio.`;

const TRANSPORTS = /^--(?:stdio|node-ipc|socket=\d+|pipe=.+)$/;
/** Passed by some clients (vscode-languageclient among them) and understood by the server library. */
const CLIENT_PROCESS = /^--clientProcessId=\d+$/;

/** What is wrong with the arguments after `server`, or undefined when they are usable. */
export function serverArgumentProblem(args: readonly string[]): string | undefined {
  const transports = args.filter((arg) => TRANSPORTS.test(arg));
  const unknown = args.filter((arg) => !TRANSPORTS.test(arg) && !CLIENT_PROCESS.test(arg));
  if (unknown.length > 0) return `server: unknown option '${unknown[0]}' (--stdio, --node-ipc, --socket=PORT or --pipe=NAME)`;
  if (transports.length > 1) return `server: give one transport, not ${transports.join(" and ")}`;
  return undefined;
}

/**
 * Loads dist/server.js, which starts listening as it loads; the returned promise never settles,
 * since the server ends the process itself on the client's `exit` (or when its input closes).
 * The server library reads the transport from process.argv, so --stdio is added there when missing.
 */
export function runServer(args: readonly string[], here = __dirname): Promise<number> {
  if (!args.some((arg) => TRANSPORTS.test(arg))) process.argv.push("--stdio");
  const bundle = path.join(here, "server.js");
  if (!fs.existsSync(bundle)) throw new Error(`the language server bundle is missing (${bundle}); run npm run build`);
  // A run-time path: esbuild must not bundle the server into the CLI (it is its own file, as in the extension).
  const load: NodeJS.Require = require;
  load(bundle);
  return new Promise<number>(() => undefined);
}
