// Bundles the client, the server and the CLI into dist/ with the tree-sitter .wasm files beside them.
import * as esbuild from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "dist");
const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

fs.mkdirSync(dist, { recursive: true });
for (const [file, from] of [
  ["web-tree-sitter.wasm", "web-tree-sitter/web-tree-sitter.wasm"],
  ["tree-sitter-python.wasm", "tree-sitter-python/tree-sitter-python.wasm"],
]) {
  fs.copyFileSync(require.resolve(from), path.join(dist, file));
}
// TypeScript, bundled in, looks for its lib.*.d.ts beside the executing file (dist/).
const typescriptLib = path.dirname(require.resolve("typescript/lib/lib.d.ts"));
for (const file of fs.readdirSync(typescriptLib)) {
  if (/^lib\..*d\.ts$/.test(file)) fs.copyFileSync(path.join(typescriptLib, file), path.join(dist, file));
}

const options = {
  absWorkingDir: root,
  entryPoints: {
    extension: "client/src/extension.ts",
    server: "server/src/server.ts",
    cli: "server/src/cli/main.ts",
    // Worker threads of `asynclint check` on big trees (loaded from beside dist/cli.js).
    cliWorker: "server/src/cli/worker.ts",
  },
  outdir: dist,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  // web-tree-sitter finds its files through import.meta.url, which a CommonJS bundle lacks.
  define: { "import.meta.url": "__importMetaUrl" },
  banner: { js: 'const __importMetaUrl = require("url").pathToFileURL(__filename).href;' },
  sourcemap: production ? false : "linked",
  minify: production,
  logLevel: "warning",
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log("esbuild: watching for changes");
} else {
  await esbuild.build(options);
  console.log(`esbuild: built ${Object.keys(options.entryPoints).map((e) => `dist/${e}.js`).join(", ")}`);
}
