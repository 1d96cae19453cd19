/**
 * `padmesh gov ...` against a real chain (Hardhat node over HTTP): params, delegate, the whole
 * propose → vote → queue → execute flow changing weight.price (queue/execute rebuild the actions
 * from the chain alone), and each step refused, with the reason, while it is too early.
 */
import { meshParamsAbi, PARAM_NAMES, paramKey } from "@padmesh/contracts";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delegateHandler } from "../src/cmds/gov/delegate.js";
import { GovParamError, GovProposalError } from "../src/cmds/gov/errors.js";
import { paramsHandler } from "../src/cmds/gov/params.js";
import { proposeHandler } from "../src/cmds/gov/propose.js";
import { executeHandler, queueHandler } from "../src/cmds/gov/queue.js";
import { govStatusHandler } from "../src/cmds/gov/status.js";
import { voteHandler } from "../src/cmds/gov/vote.js";
import { commands } from "../src/cmds/index.js";
import { type CliChain, captureStdout, PAD, startCliChain, type TestAccount } from "./cli-fixture.js";

const VOTING_PERIOD = 6;

describe("padmesh gov", () => {
  let c: CliChain;
  let voter: TestAccount;

  beforeAll(async () => {
    c = await startCliChain({
      votingDelay: 1,
      votingPeriod: VOTING_PERIOD,
      timelockDelay: 60n,
      quorumPercent: 4,
    });
    voter = await c.account("voter", 100_000_000n * PAD); // 10% of the supply, over the 4% quorum
  });
  afterAll(async () => {
    await c?.stop();
  });

  const quiet = <T>(fn: () => Promise<T>) => captureStdout(fn).then((r) => r.result);
  const weightPrice = () =>
    c.chain.publicClient.readContract({
      address: c.deployment.contracts.meshParams,
      abi: meshParamsAbi,
      functionName: "value",
      args: [paramKey("weight.price")],
    });

  it("params lists every parameter with value and bounds, as one JSON object", async () => {
    const { result, stdout } = await captureStdout(() => paramsHandler(c.opts()));
    expect(result.map((r) => r.name)).toEqual([...PARAM_NAMES]);
    const price = result.find((r) => r.name === "weight.price");
    expect(price).toMatchObject({ value: 3000n, min: 0n, max: 10_000n, unit: "bps" });
    const printed = JSON.parse(stdout.trim());
    expect(printed.values["escrow.challengeWindow"]).toBe("60");
    expect(printed.values["stake.minOperator"]).toBe((100n * PAD).toString());
  });

  it("refuses unknown names, non-integers, out-of-bounds values and a broken slash split before proposing", async () => {
    const base = { ...c.opts(voter), description: "bad" };
    await expect(proposeHandler({ ...base, set: ["weight.colour=1"] })).rejects.toThrow(/unknown parameter/);
    await expect(proposeHandler({ ...base, set: ["weight.price=4.2"] })).rejects.toBeInstanceOf(
      GovParamError,
    );
    await expect(proposeHandler({ ...base, set: ["weight.price=20000"] })).rejects.toThrow(
      /outside its bounds \[0, 10000\]/,
    );
    await expect(proposeHandler({ ...base, set: ["slash.burnBps=1000"] })).rejects.toThrow(/add up to 9000/);
  });

  it("delegate → propose → vote → queue → execute changes weight.price; early steps say why not", async () => {
    const del = await quiet(() => delegateHandler(c.opts(voter)));
    expect(del.delegatee).toBe(voter.address);
    expect(del.votes).toBe(100_000_000n * PAD);

    const prop = await quiet(() =>
      proposeHandler({
        ...c.opts(voter),
        set: ["weight.price=4200"],
        description: "Raise the price weight to 42%",
      }),
    );
    const id = prop.proposalId.toString();
    expect(prop.changes).toEqual([{ name: "weight.price", value: 4200n }]);

    // Pending: voting opens after the voting delay.
    const early = await quiet(() => voteHandler(id, { ...c.opts(voter), support: "for" })).catch(
      (e: unknown) => e,
    );
    expect(early).toBeInstanceOf(GovProposalError);
    expect((early as Error).message).toMatch(/voting has not started/);

    await c.mine(2);
    const vote = await quiet(() =>
      voteHandler(id, { ...c.opts(voter), support: "for", reason: "cheaper wins" }),
    );
    expect(vote.weight).toBe(100_000_000n * PAD);

    const tooSoon = await quiet(() => queueHandler(id, c.opts(voter))).catch((e: unknown) => e);
    expect((tooSoon as Error).message).toMatch(/voting is open until block/);

    await c.mine(VOTING_PERIOD + 1);
    const st = await quiet(() => govStatusHandler(id, c.opts()));
    expect(st.state).toBe("Succeeded");
    expect(st.votes.for).toBe(100_000_000n * PAD);
    expect(st.description).toBe("Raise the price weight to 42%");

    const queued = await quiet(() => queueHandler(id, c.opts(voter)));
    expect(queued.eta).toBeGreaterThan(0n);

    const notYet = await quiet(() => executeHandler(id, c.opts(voter))).catch((e: unknown) => e);
    expect((notYet as Error).message).toMatch(/queued until .* \(timelock delay\)/);
    expect(await weightPrice()).toBe(3000n);

    await c.chain.advanceTime(61);
    const exec = await quiet(() => executeHandler(id, c.opts(voter)));
    expect(exec.changes).toEqual([
      { name: "weight.price", key: paramKey("weight.price"), oldValue: 3000n, newValue: 4200n },
    ]);
    expect(await weightPrice()).toBe(4200n);
    expect((await quiet(() => govStatusHandler(id, c.opts()))).state).toBe("Executed");
    const rows = await quiet(() => paramsHandler(c.opts()));
    expect(rows.find((r) => r.name === "weight.price")?.value).toBe(4200n);
  });

  it("changes several parameters atomically (the slash split) through setParams", async () => {
    const prop = await quiet(() =>
      proposeHandler({
        ...c.opts(voter),
        set: ["slash.challengerBps=4000", "slash.clientBps=4000", "slash.burnBps=2000"],
        description: "More to clients",
      }),
    );
    const id = prop.proposalId.toString();
    await c.mine(2);
    await quiet(() => voteHandler(id, { ...c.opts(voter), support: "for" }));
    await c.mine(VOTING_PERIOD + 1);
    await quiet(() => queueHandler(id, c.opts(voter)));
    await c.chain.advanceTime(61);
    const exec = await quiet(() => executeHandler(id, c.opts(voter)));
    expect(exec.changes.map((ch) => [ch.name, ch.newValue])).toEqual([
      ["slash.challengerBps", 4000n],
      ["slash.clientBps", 4000n],
      ["slash.burnBps", 2000n],
    ]);
  });

  it("runs through the commander program: options, env and --json wiring", async () => {
    const program = new Command("padmesh").exitOverride();
    for (const register of commands) register(program);
    const argv = ["gov", "params", "--json", "--rpc-url", c.chain.rpcUrl];
    const saved = process.env.PADMESH_DEPLOYMENT;
    process.env.PADMESH_DEPLOYMENT = c.deploymentPath;
    try {
      const { stdout } = await captureStdout(() => program.parseAsync(argv, { from: "user" }));
      expect(JSON.parse(stdout.trim()).values["weight.price"]).toMatch(/^[0-9]+$/);
    } finally {
      if (saved === undefined) delete process.env.PADMESH_DEPLOYMENT;
      else process.env.PADMESH_DEPLOYMENT = saved;
    }
    const human = await captureStdout(() =>
      program.parseAsync(["gov", "params", "--rpc-url", c.chain.rpcUrl, "--deployment", c.deploymentPath], {
        from: "user",
      }),
    );
    expect(human.stdout).toMatch(/^weight\.price\s+\d+\s+\(\d+\.\d\d%\)\s+0\s+10000\s+bps$/m);
    expect(human.stdout).toMatch(/^stake\.minOperator\s+\d+\s+\(100 PAD\)/m);
  });

  it("says so for a proposal id the governor never saw", async () => {
    await expect(govStatusHandler("12345", c.opts())).rejects.toThrow(/no proposal 12345/);
    await expect(voteHandler("not-a-number", { ...c.opts(voter), support: "for" })).rejects.toThrow(
      /not a proposal id/,
    );
  });
});
