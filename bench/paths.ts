import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..");
/** The bundles under test: what users run, built by `npm run build`. */
export const CLI = path.join(REPO, "dist", "cli.js");
export const SERVER = path.join(REPO, "dist", "server.js");
