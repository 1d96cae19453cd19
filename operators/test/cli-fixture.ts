/**
 * Test fixture for the CLI's chain commands: the shared local chain of
 * `@padmesh/contracts/testing` (a Hardhat JSON-RPC node in its own process on a free 127.0.0.1
 * port, the PadMesh contracts deployed with deployMesh, a deployments file), and funded accounts
 * whose keys sit in 0600 key files (as an operator would keep them). Registers no tests.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Deployment, GovernanceOptions } from "@padmesh/contracts";
import { deployTestMesh, type LocalChainProcess, startLocalChain } from "@padmesh/contracts/testing";
import type { Address, Hex } from "viem";
import type { ChainCliOptions } from "../src/chain/index.js";

export { PAD } from "@padmesh/contracts/testing";

export interface TestAccount {
  address: Address;
  key: Hex;
  keyFile: string;
}

export interface CliChain {
  dir: string;
  chain: LocalChainProcess;
  deployment: Deployment;
  deploymentPath: string;
  /** Chain options for a handler, signing with `who` (or no key). */
  opts(who?: TestAccount): ChainCliOptions;
  /** A fresh account with ETH for gas and `pad` PAD, its key in a file. */
  account(label: string, pad: bigint): Promise<TestAccount>;
  mine(blocks: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCliChain(governance: GovernanceOptions = {}): Promise<CliChain> {
  const dir = await mkdtemp(join(tmpdir(), "padmesh-cli-"));
  const chain = await startLocalChain({ logFile: join(dir, "logs", "chain.log") });
  try {
    const mesh = await deployTestMesh(chain, {
      governance,
      deploymentDir: join(dir, "deployments"),
      keyPrefix: "padmesh-cli-test",
    });
    const deploymentPath = mesh.deploymentPath!;
    return {
      dir,
      chain,
      deployment: mesh.deployment,
      deploymentPath,
      opts: (who) => ({
        rpcUrl: chain.rpcUrl,
        deployment: deploymentPath,
        json: true,
        ...(who ? { keyFile: who.keyFile } : {}),
      }),
      async account(label, pad) {
        const actor = await mesh.actor(label, pad);
        const keyFile = join(dir, `${label}.key`);
        await writeFile(keyFile, `${actor.privateKey}\n`, { mode: 0o600 });
        return { address: actor.address, key: actor.privateKey, keyFile };
      },
      mine: (blocks) => chain.mine(blocks),
      async stop() {
        await chain.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await chain.stop();
    throw err;
  }
}

/** Run `fn` with stdout captured; returns its result and what it printed. */
export async function captureStdout<T>(fn: () => Promise<T>): Promise<{ result: T; stdout: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let stdout = "";
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  }) as typeof process.stdout.write;
  try {
    const result = await fn();
    return { result, stdout };
  } finally {
    process.stdout.write = write;
  }
}
