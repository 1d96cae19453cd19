/**
 * The node's chain calls against a real local chain (a Hardhat JSON-RPC node in its own process,
 * contracts deployed with deployMesh): the stake check, claiming a journalled voucher when a
 * lease ends, finalizing after the challenge window (the operator is paid), and a verifier's
 * challenge of a wrong receipt (the claim is voided and the operator slashed).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Deployment,
  deployMesh,
  meshDomain,
  operatorRegistryAbi,
  padTokenAbi,
  sessionEscrowAbi,
} from "@padmesh/contracts";
import {
  createKeySigner,
  hashReceipt,
  type MeshDomain,
  type Receipt,
  Role,
  sha256,
  signAttestation,
  signReceipt,
  signVoucher,
  toHex,
} from "@padmesh/proto";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  stringToBytes,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepClaims } from "../src/chain/claim-sweep.js";
import { claimLease, finalizeLease } from "../src/chain/claims.js";
import { createViemChain } from "../src/chain/viem-chain.js";
import { createLevelJournal } from "../src/journal/level-journal.js";

const PAD = 10n ** 18n;
/** Hardhat's first default account: a public, well-known development key. */
const DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as Hex;
const keyOf = (label: string) => keccak256(stringToBytes(`padmesh-node-chain-test:${label}`));
const id = (s: string) => sha256(new TextEncoder().encode(s));

let hardhat: ChildProcess;
let rpcUrl: string;
let dir: string;
let deployment: Deployment;
let domain: MeshDomain;
let publicClient: PublicClient;
const chain = (url: string) =>
  defineChain({
    id: 31337,
    name: "hardhat",
    nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });

async function send(key: Hex, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) {
  const wallet = createWalletClient({
    account: privateKeyToAccount(key),
    chain: chain(rpcUrl),
    transport: http(rpcUrl),
  });
  const hash = await wallet.writeContract({ address, abi, functionName, args } as never);
  const r = await publicClient.waitForTransactionReceipt({ hash });
  if (r.status !== "success") throw new Error(`${functionName} reverted`);
}

async function actor(label: string): Promise<{ key: Hex; address: Address }> {
  const key = keyOf(label);
  const address = privateKeyToAccount(key).address;
  await publicClient.request({
    method: "hardhat_setBalance" as never,
    params: [address, "0x3635C9ADC5DEA00000"] as never,
  });
  await send(DEPLOYER_KEY, deployment.contracts.padToken, padTokenAbi as Abi, "transfer", [
    address,
    100_000n * PAD,
  ]);
  return { key, address };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "padmesh-chain-"));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  rpcUrl = `http://127.0.0.1:${port}`;
  const repo = join(import.meta.dirname, "../..");
  hardhat = spawn(
    process.execPath,
    [join(repo, "node_modules/hardhat/dist/src/cli.js"), "node", "--port", String(port)],
    {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("hardhat node did not start")), 90_000);
    hardhat.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("Started HTTP")) {
        clearTimeout(t);
        resolve();
      }
    });
    hardhat.on("exit", (c) => reject(new Error(`hardhat exited ${c}`)));
  });
  publicClient = createPublicClient({ chain: chain(rpcUrl), transport: http(rpcUrl) }) as PublicClient;
  const deployer = createWalletClient({
    chain: chain(rpcUrl),
    transport: http(rpcUrl),
    account: privateKeyToAccount(DEPLOYER_KEY),
  });
  deployment = await deployMesh({ walletClient: deployer as never, publicClient });
  domain = meshDomain(deployment);
}, 120_000);

afterAll(async () => {
  hardhat?.kill("SIGTERM");
  await rm(dir, { recursive: true, force: true });
});

describe("node chain calls (viem, local Hardhat node)", () => {
  it("checks stake, claims a voucher, finalizes after the window; a verifier's challenge voids a wrong claim", async () => {
    const c = deployment.contracts;
    const operator = await actor("operator");
    const verifier = await actor("verifier");
    const owner = await actor("owner");
    await send(operator.key, c.padToken, padTokenAbi as Abi, "approve", [c.operatorRegistry, 1_000n * PAD]);
    await send(operator.key, c.operatorRegistry, operatorRegistryAbi as Abi, "register", [
      "peer-op",
      1,
      1_000n * PAD,
    ]);
    await send(verifier.key, c.padToken, padTokenAbi as Abi, "approve", [c.operatorRegistry, 1_000n * PAD]);
    await send(verifier.key, c.operatorRegistry, operatorRegistryAbi as Abi, "register", [
      "peer-ver",
      8,
      1_000n * PAD,
    ]);
    const sessionId = id("chain-session");
    await send(owner.key, c.padToken, padTokenAbi as Abi, "approve", [c.sessionEscrow, 10_000n * PAD]);
    await send(owner.key, c.sessionEscrow, sessionEscrowAbi as Abi, "openSession", [
      toHex(sessionId),
      10_000n * PAD,
      owner.address,
      1000n,
    ]);

    const init = {
      rpcUrl,
      chainId: 31337,
      operatorRegistry: c.operatorRegistry,
      sessionEscrow: c.sessionEscrow,
      meshParams: c.meshParams,
    };
    const node = createViemChain({ ...init, privateKey: operator.key });
    expect(await node.isActiveOperator(operator.address)).toBe(true);
    expect(await node.isActiveOperator(owner.address)).toBe(false);

    const journal = createLevelJournal({ path: join(dir, "journal") });
    await journal.open();
    const sessionKey = createKeySigner(owner.key);
    const opSigner = createKeySigner(operator.key);
    const voucher = (leaseId: Uint8Array, amount: bigint, last: Uint8Array) =>
      signVoucher(
        domain,
        {
          sessionId,
          leaseId,
          operator: operator.address,
          cumulativeAmount: String(amount),
          lastReceiptHash: last,
          receiptCount: 1n,
          signature: new Uint8Array(0),
        },
        sessionKey,
      );

    // Lease A: a wrong receipt, claimed, then challenged by a verifier.
    const leaseA = id("lease-A");
    const receipt: Receipt = await signReceipt(
      domain,
      {
        sessionId,
        leaseId: leaseA,
        role: Role.ROLE_COMPUTE,
        sequence: 1n,
        moduleHash: id("m"),
        inputHash: id("i"),
        outputHash: id("wrong output"),
        stateRootBefore: id("b"),
        stateRootAfter: id("a"),
        fuelUsed: 1000n,
        pricePerFuel: 1n,
        prevReceiptHash: new Uint8Array(32),
        timestampMs: 1n,
        status: 0,
        operator: "",
        signature: new Uint8Array(0),
      },
      opSigner,
    );
    await journal.putVoucher(await voucher(leaseA, 1000n * PAD, hashReceipt(domain, receipt)));
    const claimedA = await claimLease({ journal, submitter: node }, leaseA);
    expect(claimedA?.state).toBe("claimed");
    expect(claimedA?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    // Claiming again is idempotent (journalled): no second transaction.
    expect((await claimLease({ journal, submitter: node }, leaseA))?.txHash).toBe(claimedA?.txHash);

    const attestation = await signAttestation(
      domain,
      {
        receiptHash: hashReceipt(domain, receipt),
        sessionId,
        leaseId: leaseA,
        sequence: 1n,
        outputHash: id("right output"),
        stateRootAfter: id("a"),
        fuelUsed: 1000n,
        status: 0,
        mismatch: true,
        verifier: "",
        signature: new Uint8Array(0),
      },
      createKeySigner(verifier.key),
    );
    const stakeBefore = (await publicClient.readContract({
      address: c.operatorRegistry,
      abi: operatorRegistryAbi,
      functionName: "stakeOf",
      args: [operator.address],
    } as never)) as unknown;
    const challengeTx = await createViemChain({ ...init, privateKey: verifier.key }).challenge(
      receipt,
      attestation,
    );
    expect(challengeTx).toMatch(/^0x[0-9a-f]{64}$/);
    const stakeAfter = (await publicClient.readContract({
      address: c.operatorRegistry,
      abi: operatorRegistryAbi,
      functionName: "stakeOf",
      args: [operator.address],
    } as never)) as unknown;
    expect(JSON.stringify(stakeAfter, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toBe(
      JSON.stringify(stakeBefore, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    );

    // Lease B: an honest claim, finalized once the challenge window has passed.
    const leaseB = id("lease-B");
    await journal.putVoucher(await voucher(leaseB, 500n * PAD, id("last")));
    expect((await claimLease({ journal, submitter: node }, leaseB))?.state).toBe("claimed");
    expect((await finalizeLease({ journal, submitter: node }, sessionId, leaseB))?.state).toBe("claimed"); // window still open
    const windowMs = await node.challengeWindowMs();
    await publicClient.request({
      method: "evm_increaseTime" as never,
      params: [Math.ceil(windowMs / 1000) + 1] as never,
    });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
    const balance = () =>
      publicClient.readContract({
        address: c.padToken,
        abi: padTokenAbi,
        functionName: "balanceOf",
        args: [operator.address],
      } as never) as Promise<bigint>;
    const before = await balance();
    // The node's clock is injected: it has moved past the window as the chain's has.
    const later = () => Date.now() + windowMs + 2_000;
    const done = await finalizeLease({ journal, submitter: node, now: later }, sessionId, leaseB);
    expect(done?.state).toBe("finalized");
    expect(await balance()).toBeGreaterThan(before);

    // Lease C ended while the node was down: the start-up sweep (and `padmesh node claim`)
    // claims it, then finalizes it once the window has passed; nothing is claimed twice.
    const leaseC = id("lease-C");
    const terms = {
      leaseId: leaseC,
      sessionId,
      role: Role.ROLE_COMPUTE,
      moduleHash: id("m"),
      resources: undefined,
      pricePerFuel: 1n,
      ttlMs: 1000n,
      maxFuelPerStep: 1000n,
      project: owner.address,
      scheduler: "",
      resumeCheckpoint: new Uint8Array(0),
      resumeSequence: 0n,
    };
    await journal.putLease({
      terms,
      state: "ended",
      confirmedAtMs: 0,
      endedAtMs: Date.now(),
      endReason: "completed",
    });
    await journal.putVoucher(await voucher(leaseC, 100n * PAD, id("last-C")));
    const first = await sweepClaims({ journal, submitter: node });
    expect(first.claimed).toEqual([toHex(leaseC)]);
    expect(first.waiting).toContain(toHex(leaseC));
    expect(first.failed).toEqual([]);
    await publicClient.request({
      method: "evm_increaseTime" as never,
      params: [Math.ceil(windowMs / 1000) + 1] as never,
    });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
    const second = await sweepClaims({ journal, submitter: node, now: later });
    expect(second.claimed).toEqual([]);
    expect(second.finalized).toEqual([toHex(leaseC)]);
    await journal.close();
  });
});
