import { fileURLToPath } from "node:url";

/** The file system path of a `file:` URI; undefined for other schemes (untitled, virtual workspaces) and malformed URIs. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
