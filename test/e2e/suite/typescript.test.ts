import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { codeOf, EXTENSION_ID, openFixture, rangeOf, revertAndClose, waitForDiagnostics } from "./helpers";

/** TypeScript support is declared by an activation event for it: without one the extension does not start for a TypeScript-only workspace. */
function supportsTypeScript(): boolean {
  const events = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
  return events.includes("onLanguage:typescript");
}

describe("TypeScript files", () => {
  let editor: vscode.TextEditor | undefined;
  after(() => revertAndClose(editor));

  it("are analyzed once a TypeScript file opens: blocking fs call and floating promise in an async function", async function () {
    // A missing feature fails here: skipped, the run would pass having tested nothing.
    assert.ok(supportsTypeScript(), "package.json declares no onLanguage:typescript activation event");
    // The extension may already be active from the Python tests; this proves the activation
    // event is declared and that the server answers for TypeScript.
    editor = await openFixture("typescript", "app.ts");
    const document = editor.document;
    assert.equal(document.languageId, "typescript");
    const diagnostics = await waitForDiagnostics(
      document.uri,
      (d) => ["AL102", "AL301"].every((code) => d.some((x) => codeOf(x) === code)),
      "AL102 and AL301 in app.ts",
      45_000,
    );
    const blocking = diagnostics.find((d) => codeOf(d) === "AL102")!;
    assert.ok(blocking.range.intersection(rangeOf(document, `readFileSync(path, "utf8")`, 0)), "AL102 is not on the readFileSync in the async function");
    assert.ok(
      !diagnostics.some((d) => d.range.intersection(rangeOf(document, `readFileSync(path, "utf8")`, 1))),
      "the readFileSync in a plain function was flagged",
    );
    const floating = diagnostics.find((d) => codeOf(d) === "AL301")!;
    assert.ok(floating.range.intersection(rangeOf(document, `fetchConfig("a.json")`)), "AL301 is not on the floating call");
    assert.ok(!diagnostics.some((d) => d.range.intersection(rangeOf(document, `await fetchConfig("b.json")`)) && codeOf(d) === "AL301"));
  });
});
