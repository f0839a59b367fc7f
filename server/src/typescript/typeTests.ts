import ts from "typescript";

/**
 * Type tests: files that tsd, tstyche or vitest's typecheck mode only type-check and never run
 * (`expectType<string>(await fetchUser())`, `expect(app.register).type.toBeCallableWith(…)`).
 * Promises there are written to look at their types, so AL301 and AL303 would only be noise.
 *
 * Known by evidence, never by a folder name alone: `test/types/` holds runtime helpers in some
 * projects (a test server, certificates), so only these count:
 *   - the runners' file names: `*.test-d.ts` (tsd, vitest typecheck) and `*.tst.ts` (tstyche), also
 *     `.tsx`, `.mts`, `.cts`;
 *   - a folder named `test-d` (tsd's default directory);
 *   - an import from a module that exists only for type tests: `tsd`, `tsd-lite`, `tstyche`
 *     (not `expect-type`, which runtime tests import too).
 */
export const TYPE_TEST_CODES = ["AL301", "AL303"] as const;

const TYPE_TEST_NAME = /\.(?:test-d|tst)\.[cm]?tsx?$/;
const TYPE_TEST_MODULES = new Set(["tsd", "tsd-lite", "tstyche"]);

export function isTypeTestFile(sourceFile: ts.SourceFile): boolean {
  const fileName = sourceFile.fileName.replace(/\\/g, "/");
  if (TYPE_TEST_NAME.test(fileName) || fileName.split("/").includes("test-d")) return true;
  return sourceFile.statements.some(
    (statement) => ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && TYPE_TEST_MODULES.has(statement.moduleSpecifier.text),
  );
}
