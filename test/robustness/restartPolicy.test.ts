import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_RESTARTS, RESTART_WINDOW_MS, RestartPolicy } from "../../client/src/restartPolicy";

/** The client's answer to a dying server: restart a bounded number of times, tell the user once, let them start it again. */
describe("crash recovery: the client's restart policy", () => {
  it("restarts a crashed server, warning the user only the first time", () => {
    const policy = new RestartPolicy();
    const first = policy.serverClosed(0);
    assert.equal(first.restart, true);
    assert.equal(first.notify?.severity, "warning");
    assert.match(first.notify?.message ?? "", /restarted/);
    const second = policy.serverClosed(1000);
    assert.equal(second.restart, true);
    assert.equal(second.notify, undefined, "the second restart goes to the log only");
    assert.match(second.log, /restarting it \(2\/4\)/);
  });

  it("gives up after too many crashes in the window, and says so with an error naming the restart command", () => {
    const policy = new RestartPolicy();
    const decisions = Array.from({ length: MAX_RESTARTS + 1 }, (_, i) => policy.serverClosed(i * 1000));
    assert.deepEqual(
      decisions.map((d) => d.restart),
      [...Array(MAX_RESTARTS).fill(true), false],
    );
    const last = decisions[MAX_RESTARTS];
    assert.equal(last.notify?.severity, "error");
    assert.match(last.notify?.message ?? "", /was not restarted\. Files are not checked until you restart it/);
    assert.deepEqual(last.notify?.actions, ["showOutput", "restart"], "the message offers the output and a restart");
    assert.equal(last.failure, "crashes");
    assert.equal(decisions.filter((d) => d.notify).length, 2, "one warning for the first restart, one error when giving up");
  });

  it("forgets crashes older than the window, so a server that crashes rarely is always restarted", () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 20; i++) assert.equal(policy.serverClosed(i * (RESTART_WINDOW_MS / 2 + 1)).restart, true, `crash ${i + 1}`);
  });

  it("does not restart a server that died before it ever ran, and says so once with Show Output and Restart", () => {
    const policy = new RestartPolicy();
    const decision = policy.serverClosed(0, false);
    assert.equal(decision.restart, false, "a server that throws on load would only throw again");
    assert.equal(decision.failure, "start");
    assert.equal(decision.notify?.severity, "error");
    assert.match(decision.notify?.message ?? "", /could not start, so files are not checked/);
    assert.doesNotMatch(decision.notify?.message ?? "", /-32097|Pending response|connection/i, "no library jargon");
    assert.deepEqual(decision.notify?.actions, ["showOutput", "restart"]);
    // A failed start is not a crash: once the server runs, it still has its whole restart budget.
    for (let i = 1; i <= MAX_RESTARTS; i++) assert.equal(policy.serverClosed(i).restart, true, `crash ${i} after a failed start`);
  });

  it("after the user restarts the server by hand, crashes are counted afresh", () => {
    const policy = new RestartPolicy(2, 60_000);
    policy.serverClosed(0);
    policy.serverClosed(1);
    assert.equal(policy.serverClosed(2).restart, false);
    policy.reset();
    assert.equal(policy.serverClosed(3).restart, true);
    assert.equal(policy.serverClosed(4).restart, true);
    assert.equal(policy.serverClosed(5).restart, false);
  });
});
