import * as fs from "node:fs";
import * as path from "node:path";

/** A virtual environment whose installed packages imports may resolve into. */
export interface PythonEnvironment {
  /** The environment's folder (the one holding `pyvenv.cfg`). */
  folder: string;
  /** Its `site-packages` folders: `lib/python3.X/site-packages` (POSIX), `Lib/site-packages` (Windows). */
  sitePackages: string[];
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function sitePackagesIn(folder: string): string[] {
  const found: string[] = [];
  for (const lib of ["lib", "lib64"]) {
    let entries: string[];
    try {
      entries = fs.readdirSync(path.join(folder, lib));
    } catch {
      continue;
    }
    // The newest Python first, should an environment hold two.
    for (const name of entries.filter((entry) => /^python\d+\.\d+t?$/.test(entry)).sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))) {
      const candidate = path.join(folder, lib, name, "site-packages");
      if (isDirectory(candidate)) found.push(candidate);
    }
  }
  const windows = path.join(folder, "Lib", "site-packages");
  if (isDirectory(windows)) found.push(windows);
  return [...new Set(found.map((dir) => fs.realpathSync.native(dir)))];
}

/**
 * The virtual environments of the workspace: each root's direct subfolders that hold a
 * `pyvenv.cfg` (`.venv`, `venv`, whatever it is called), the folders named in settings, and the
 * activated one (`VIRTUAL_ENV`). Read, never run: nothing of the interpreter is started.
 */
export function findEnvironments(roots: readonly string[], named: readonly string[] = [], activated = process.env.VIRTUAL_ENV): PythonEnvironment[] {
  const folders: string[] = [];
  for (const root of roots) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(root, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const folder = path.join(root, entry.name);
      if ((entry.isDirectory() || entry.isSymbolicLink()) && fs.existsSync(path.join(folder, "pyvenv.cfg"))) folders.push(folder);
    }
  }
  for (const folder of named) folders.push(path.isAbsolute(folder) || roots.length === 0 ? folder : path.join(roots[0], folder));
  if (activated) folders.push(activated);
  const environments: PythonEnvironment[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    const resolved = path.resolve(folder);
    if (seen.has(resolved)) continue;
    seen.add(resolved);
    const sitePackages = sitePackagesIn(resolved);
    if (sitePackages.length > 0) environments.push({ folder: resolved, sitePackages });
  }
  return environments;
}
