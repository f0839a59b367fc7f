import * as fs from "node:fs";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..");
export const DIST = path.join(REPO, "dist");

/** The bundles under test (what users run, built by `npm run build`), from a snapshot of dist/. */
export interface Bundles {
  cli: string;
  server: string;
}

/**
 * Copies dist/ (self-contained: bundles, .wasm, TypeScript's lib files) into `dir`, so every
 * figure of a run measures the same build even if dist/ is rebuilt meanwhile.
 */
export function snapshotBundles(dir: string): Bundles {
  for (const name of ["cli.js", "server.js"]) {
    if (!fs.existsSync(path.join(DIST, name))) throw new Error(`dist/${name} is missing; run \`npm run build\` first`);
  }
  fs.cpSync(DIST, dir, { recursive: true, filter: (source) => !source.endsWith(".map") });
  return { cli: path.join(dir, "cli.js"), server: path.join(dir, "server.js") };
}
