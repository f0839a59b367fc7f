import * as esbuild from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";
import { extensionPath, repoRoot, scratch, suiteOut, workspacesOut } from "./paths";

/**
 * Prepares what both runners load: the suite compiled to CommonJS in scratch/suite, and a
 * fresh copy of the fixture workspaces (tests edit files and settings; the committed
 * fixtures must stay as they are).
 */
export async function buildSuite(): Promise<void> {
  for (const file of ["extension.js", "server.js"]) {
    if (!fs.existsSync(path.join(extensionPath, "dist", file))) {
      throw new Error(`${path.join(extensionPath, "dist", file)} is missing: run \`npm run build\` first`);
    }
  }
  fs.mkdirSync(scratch, { recursive: true });
  fs.rmSync(suiteOut, { recursive: true, force: true });
  const suiteSource = path.join(repoRoot, "test", "e2e", "suite");
  const common: esbuild.BuildOptions = {
    absWorkingDir: repoRoot,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    logLevel: "warning",
    // mocha's parallel mode resolves worker files at run time; the suite runs serially and never loads them.
    logOverride: { "require-resolve-not-external": "silent" },
  };
  // The index carries mocha inside (mocha 12 is an ES module; the extension host requires CommonJS).
  await esbuild.build({ ...common, entryPoints: [path.join(suiteSource, "index.ts")], outdir: suiteOut, bundle: true, external: ["vscode"] });
  // Test files stay separate so mocha loads each one and reports it by name; they require ./helpers.
  const others = fs.readdirSync(suiteSource).filter((f) => f.endsWith(".ts") && f !== "index.ts");
  await esbuild.build({ ...common, entryPoints: others.map((f) => path.join(suiteSource, f)), outdir: suiteOut, bundle: false });

  fs.rmSync(workspacesOut, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, "test", "e2e", "workspaces"), workspacesOut, { recursive: true });
}
