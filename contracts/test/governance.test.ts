/**
 * Governance end to end: PAD holders delegate, propose a scheduling-weight change, vote, queue
 * in the Timelock, execute, and MeshParams emits ParamChanged. Also: nobody but the Timelock
 * can change a parameter, and out-of-bounds proposals fail at execution.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { encodeFunctionData, keccak256, parseEventLogs, stringToBytes, zeroAddress } from "viem";
import {
  governorAbi,
  meshParamsAbi,
  padTokenAbi,
  paramKey,
  readMeshParams,
  timelockAbi,
} from "../ts/index.js";
import { type Actor, createMesh, type Mesh, PAD } from "./helpers/mesh.js";

describe("governance", () => {
  let m: Mesh;
  let voter: Actor;
  before(async () => {
    m = await createMesh({
      governance: { votingDelay: 1, votingPeriod: 10, timelockDelay: 60n, quorumPercent: 4 },
    });
    voter = await m.actor("voter", 100_000_000n * PAD); // 10% of supply
    await m.send(voter, m.c.padToken, padTokenAbi, "delegate", [voter.address]);
  });

  const state = async (proposalId: bigint) =>
    m.publicClient.readContract({
      address: m.c.governor,
      abi: governorAbi,
      functionName: "state",
      args: [proposalId],
    });

  it("proposal → vote → queue → execute changes weight.price", async () => {
    const key = paramKey("weight.price");
    const targets = [m.c.meshParams];
    const values = [0n];
    const calldatas = [
      encodeFunctionData({ abi: meshParamsAbi, functionName: "setParam", args: [key, 4200n] }),
    ];
    const description = "Raise the price weight to 42%";
    const descriptionHash = keccak256(stringToBytes(description));
    const proposeReceipt = await m.send(voter, m.c.governor, governorAbi, "propose", [
      targets,
      values,
      calldatas,
      description,
    ]);
    const [created] = parseEventLogs({
      abi: governorAbi,
      logs: proposeReceipt.logs,
      eventName: "ProposalCreated",
    });
    assert.ok(created);
    const proposalId = created.args.proposalId;
    assert.equal(await state(proposalId), 0); // Pending
    await m.networkHelpers.mine(2);
    assert.equal(await state(proposalId), 1); // Active
    await m.send(voter, m.c.governor, governorAbi, "castVote", [proposalId, 1]);
    await m.networkHelpers.mine(11);
    assert.equal(await state(proposalId), 4); // Succeeded
    await m.send(voter, m.c.governor, governorAbi, "queue", [targets, values, calldatas, descriptionHash]);
    assert.equal(await state(proposalId), 5); // Queued
    await assert.rejects(
      m.send(voter, m.c.governor, governorAbi, "execute", [targets, values, calldatas, descriptionHash]),
    );
    await m.networkHelpers.time.increase(61);
    const execReceipt = await m.send(voter, m.c.governor, governorAbi, "execute", [
      targets,
      values,
      calldatas,
      descriptionHash,
    ]);
    const changes = parseEventLogs({ abi: meshParamsAbi, logs: execReceipt.logs, eventName: "ParamChanged" });
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.args.key, key);
    assert.equal(changes[0]?.args.oldValue, 3000n);
    assert.equal(changes[0]?.args.newValue, 4200n);
    assert.equal(
      await m.publicClient.readContract({
        address: m.c.meshParams,
        abi: meshParamsAbi,
        functionName: "value",
        args: [key],
      }),
      4200n,
    );
    assert.equal(await state(proposalId), 7); // Executed
  });

  it("an out-of-bounds proposal passes the vote but fails at execution", async () => {
    const targets = [m.c.meshParams];
    const values = [0n];
    const calldatas = [
      encodeFunctionData({
        abi: meshParamsAbi,
        functionName: "setParam",
        args: [paramKey("weight.price"), 10_001n],
      }),
    ];
    const description = "Set the price weight above 100%";
    const descriptionHash = keccak256(stringToBytes(description));
    const receipt = await m.send(voter, m.c.governor, governorAbi, "propose", [
      targets,
      values,
      calldatas,
      description,
    ]);
    const [created] = parseEventLogs({ abi: governorAbi, logs: receipt.logs, eventName: "ProposalCreated" });
    assert.ok(created);
    await m.networkHelpers.mine(2);
    await m.send(voter, m.c.governor, governorAbi, "castVote", [created.args.proposalId, 1]);
    await m.networkHelpers.mine(11);
    await m.send(voter, m.c.governor, governorAbi, "queue", [targets, values, calldatas, descriptionHash]);
    await m.networkHelpers.time.increase(61);
    await assert.rejects(
      m.send(voter, m.c.governor, governorAbi, "execute", [targets, values, calldatas, descriptionHash]),
      /MeshParamsOutOfBounds/,
    );
  });

  it("only the timelock can set parameters", async () => {
    await assert.rejects(
      m.send(voter, m.c.meshParams, meshParamsAbi, "setParam", [paramKey("weight.price"), 1n]),
      /OwnableUnauthorizedAccount/,
    );
    const [deployer] = await m.viem.getWalletClients();
    await assert.rejects(
      deployer!.writeContract({
        address: m.c.meshParams,
        abi: meshParamsAbi,
        functionName: "setParam",
        args: [paramKey("weight.price"), 1n],
      }),
      /OwnableUnauthorizedAccount/,
    );
  });

  it("deployMesh leaves the timelock self-administered with the governor as proposer", async () => {
    const role = (name: string) => keccak256(stringToBytes(name));
    const has = (r: `0x${string}`, who: `0x${string}`) =>
      m.publicClient.readContract({
        address: m.c.timelock,
        abi: timelockAbi,
        functionName: "hasRole",
        args: [r, who],
      });
    const admin = `0x${"00".repeat(32)}` as const;
    const [deployer] = await m.viem.getWalletClients();
    assert.equal(await has(admin, deployer!.account.address), false, "deployer renounced admin");
    assert.equal(await has(admin, m.c.timelock), true, "timelock administers itself");
    assert.equal(await has(role("PROPOSER_ROLE"), m.c.governor), true);
    assert.equal(await has(role("CANCELLER_ROLE"), m.c.governor), true);
    assert.equal(await has(role("EXECUTOR_ROLE"), zeroAddress), true, "anyone executes");
    assert.equal(
      await m.publicClient.readContract({
        address: m.c.meshParams,
        abi: meshParamsAbi,
        functionName: "owner",
      }),
      m.c.timelock,
    );
  });

  it("allParams lists every key with its value", async () => {
    const [keys, values] = await m.publicClient.readContract({
      address: m.c.meshParams,
      abi: meshParamsAbi,
      functionName: "allParams",
    });
    const { PARAM_NAMES } = await import("../ts/index.js");
    assert.deepEqual(
      keys,
      PARAM_NAMES.map((n) => paramKey(n)),
    );
    assert.equal(values[keys.indexOf(paramKey("escrow.challengeWindow"))], 60n);
    assert.equal(values[keys.indexOf(paramKey("verify.quorum"))], 1n);
    const byName = await readMeshParams(m.publicClient, { address: m.c.meshParams });
    assert.equal(byName["escrow.challengeWindow"], 60n);
    assert.equal(
      byName["slash.challengerBps"] + byName["slash.clientBps"] + byName["slash.burnBps"],
      10_000n,
    );
  });
});
