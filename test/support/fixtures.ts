import * as fs from "node:fs";
import * as path from "node:path";

export const FIXTURES = path.join(__dirname, "..", "fixtures");

/** An expected finding from an annotated fixture: `# expect: AL101` or `// expect: AL301, AL303` on its line. */
export interface Expectation {
  line: number;
  code: string;
}

const EXPECT = /(?:#|\/\/|\/\*)\s*expect:\s*((?:AL\d{3}\s*,?\s*)+)/;

/** Reads the expectations written on the fixture's lines (1-based line numbers). */
export function expectationsOf(text: string): Expectation[] {
  const expectations: Expectation[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    const match = EXPECT.exec(line);
    if (!match) return;
    for (const code of match[1].split(/[\s,]+/).filter(Boolean)) expectations.push({ line: index + 1, code });
  });
  return expectations;
}

export function listFiles(directory: string, extension: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => path.join(directory, name));
}

export function key(e: Expectation): string {
  return `${e.line}:${e.code}`;
}
