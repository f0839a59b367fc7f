import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ProgressBar } from "../../server/src/cli/progress";

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, columns: 60, write: (text: string) => written.push(text) }, written };
}

describe("the CLI's progress bar", () => {
  it("stays silent during the first second, then draws the count, and erases itself at the end", () => {
    let clock = 0;
    const { stream, written } = terminal(true);
    const bar = new ProgressBar(200, stream, true, () => clock);
    clock = 500;
    bar.advance(50);
    assert.deepEqual(written, [], "a short run shows no bar");
    clock = 1200;
    bar.advance(50);
    assert.equal(written.length, 1);
    assert.match(written[0], /^\r\[#+-+\] 100\/200 files$/);
    clock = 1250;
    bar.advance(10);
    assert.equal(written.length, 1, "redrawn at most every 100 ms");
    clock = 1400;
    bar.advance(90);
    assert.match(written[1], /^\r\[#+\] 200\/200 files$/);
    bar.finish();
    assert.equal(written[2], "\r\u001b[2K", "the line is cleared for the report");
  });

  it("draws nothing when disabled (not a terminal, or --quiet)", () => {
    let clock = 0;
    const { stream, written } = terminal(false);
    const bar = new ProgressBar(10, stream, false, () => clock);
    clock = 5000;
    bar.advance(5);
    bar.finish();
    assert.deepEqual(written, []);
  });
});
