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
// web-tree-sitter's JavaScript is not bundled: after a wasm abort the parser loads a fresh copy of it (server/src/python/parser.ts).
for (const [file, from] of [
  ["web-tree-sitter.cjs", "web-tree-sitter"],
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

/**
 * TypeScript's compiler (about 9 MB) lives in its own file, dist/typescript.js, and the other
 * bundles load it the first time one of its exports is used: a Python-only CLI run, each of its
 * worker threads, and a server that only sees Python never pay for loading it. In those bundles
 * `typescript` resolves to a small module whose default export (the sources write
 * `import ts from "typescript"`) has a getter over that file for each export, listed at build
 * time from the very version bundled into it. It is an ES module: esbuild wraps a CommonJS one
 * in a namespace copy at each of the ~30 files importing it, which copied some 50,000 getters at
 * every start of a process or worker thread (about 90 ms).
 */
const typescriptExports = Object.keys(require("typescript"));
const lazyTypeScript = {
  name: "lazy-typescript",
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: "typescript", namespace: "lazy-typescript" }));
    // Kept as written, so it resolves beside the bundle that requires it at run time.
    build.onResolve({ filter: /^\.\/typescript\.js$/, namespace: "lazy-typescript" }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: "lazy-typescript" }, () => ({
      loader: "js",
      contents: `const names = ${JSON.stringify(typescriptExports)};
const ts = {};
let loaded;
function load() {
  if (loaded) return loaded;
  loaded = require("./typescript.js");
  // From now on plain values: no getter between the rules and the compiler.
  for (const name of names) Object.defineProperty(ts, name, { value: loaded[name], enumerable: true, configurable: true });
  return loaded;
}
for (const name of names) Object.defineProperty(ts, name, { get: () => load()[name], enumerable: true, configurable: true });
export default ts;
`,
    }));
  },
};

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
  plugins: [lazyTypeScript],
};

/** The compiler itself, required by the bundles above through the lazy module. */
const typescriptOptions = {
  absWorkingDir: root,
  entryPoints: { typescript: require.resolve("typescript") },
  outdir: dist,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: production,
  logLevel: "warning",
};

if (watch) {
  await esbuild.build(typescriptOptions);
  const context = await esbuild.context(options);
  await context.watch();
  console.log("esbuild: watching for changes");
} else {
  await Promise.all([esbuild.build(options), esbuild.build(typescriptOptions)]);
  console.log(`esbuild: built ${[...Object.keys(options.entryPoints), "typescript"].map((e) => `dist/${e}.js`).join(", ")}`);
}
