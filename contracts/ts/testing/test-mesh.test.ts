import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDeployment } from "../deployment.js";
import { operatorRegistryAbi, padTokenAbi } from "../generated/abis.js";
import { readMeshParams } from "../read-params.js";
import { hardhatNodeCommand } from "./hardhat-node.js";
import { type InProcessChain, startInProcessChain } from "./in-process-chain.js";
import { type LocalChainProcess, startLocalChain } from "./local-chain.js";
import { deployTestMesh, PAD, type TestMesh } from "./test-mesh.js";

describe("hardhatNodeCommand", () => {
  it("reads the RPC URL from the node's banner and nothing else", () => {
    const cmd = hardhatNodeCommand(0);
    expect(cmd.args).toContain("node");
    expect(cmd.readyUrl("Started HTTP and WebSocket JSON-RPC server at http://127.0.0.1:40123/")).toBe(
      "http://127.0.0.1:40123",
    );
    expect(cmd.readyUrl("eth_chainId")).toBeUndefined();
  });
});

describe("deployTestMesh on an in-process chain", () => {
  let chain: InProcessChain;
  let mesh: TestMesh;
  beforeAll(async () => {
    chain = await startInProcessChain();
    mesh = await deployTestMesh(chain, { params: { "rate.sessionsPerWindow": 7n } });
  });
  afterAll(async () => {
    await chain?.close();
  });

  it("funds actors created at once (their writes go one at a time)", async () => {
    const actors = await Promise.all(["a", "b", "c"].map((l) => mesh.actor(l, 5n * PAD)));
    expect(new Set(actors.map((a) => a.address)).size).toBe(3);
    for (const a of actors) {
      expect(await mesh.balanceOf(a.address)).toBe(5n * PAD);
      expect(await chain.publicClient.getBalance({ address: a.address })).toBeGreaterThan(0n);
    }
  });

  it("stakes an operator, and a revert rejects", async () => {
    const op = await mesh.actor("operator");
    const isActive = () =>
      chain.publicClient.readContract({
        address: mesh.contracts.operatorRegistry,
        abi: operatorRegistryAbi,
        functionName: "isActiveOperator",
        args: [op.address],
      });
    expect(await isActive()).toBe(false);
    await mesh.register(op, 1);
    expect(await isActive()).toBe(true);
    const broke = await mesh.actor("broke", 0n);
    await expect(
      mesh.send(broke, mesh.contracts.padToken, padTokenAbi, "transfer", [op.address, PAD]),
    ).rejects.toThrow();
    // The queue goes on after a rejected write.
    expect((await mesh.approve(op, broke.address, 1n)).status).toBe("success");
  });

  it("takes an actor's own key, and reports every receipt it waits for", async () => {
    const seen: bigint[] = [];
    const watched = await deployTestMesh(chain, { onReceipt: (r) => seen.push(r.gasUsed) });
    // Hardhat's second development key: public, test-only.
    const key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    const who = await watched.actor("own-key", 200n * PAD, key);
    expect(who.privateKey).toBe(key);
    expect(who.address).toBe(chain.walletFor(key).account.address);
    await watched.register(who, 1, 100n * PAD);
    // transfer, approve, register
    expect(seen).toHaveLength(3);
    expect(seen.every((g) => g > 21_000n)).toBe(true);
  });

  it("changes a parameter as the Timelock", async () => {
    const read = () => readMeshParams(chain.publicClient, { address: mesh.contracts.meshParams });
    expect((await read())["rate.sessionsPerWindow"]).toBe(7n);
    await mesh.setParam("rate.sessionsPerWindow", 9n);
    expect((await read())["rate.sessionsPerWindow"]).toBe(9n);
  });
});

describe("startLocalChain: hardhat node in its own process", () => {
  let dir: string;
  let chain: LocalChainProcess;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "padmesh-local-chain-"));
    chain = await startLocalChain({ logFile: join(dir, "chain.log") });
  }, 120_000);
  afterAll(async () => {
    await chain?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves JSON-RPC on 127.0.0.1, takes the mesh and its deployments file, and moves time", async () => {
    expect(chain.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const mesh = await deployTestMesh(chain, { deploymentDir: join(dir, "deployments") });
    expect(await readDeployment(mesh.deploymentPath!)).toEqual(mesh.deployment);
    const t0 = (await chain.publicClient.getBlock()).timestamp;
    await chain.advanceTime(3600);
    expect((await chain.publicClient.getBlock()).timestamp).toBeGreaterThanOrEqual(t0 + 3600n);
    await chain.stop();
    expect(chain.node.child.exitCode !== null || chain.node.child.signalCode !== null).toBe(true);
  });
});
