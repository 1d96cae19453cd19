/**
 * Test fixture for the CLI's chain commands: a Hardhat JSON-RPC node in its own process on a free
 * 127.0.0.1 port, the PadMesh contracts deployed with deployMesh, a deployments file, and funded
 * accounts whose keys sit in 0600 key files (as an operator would keep them). Registers no tests.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Deployment,
  deployMesh,
  type GovernanceOptions,
  padTokenAbi,
  writeDeployment,
} from "@padmesh/contracts";
import { type Address, type Hex, keccak256, parseEther, stringToBytes } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { ChainCliOptions } from "../src/chain/index.js";
import { type DevChain, HARDHAT_DEV_KEY, startDevChain } from "../src/devnet/chain.js";

export const PAD = 10n ** 18n;

export interface TestAccount {
  address: Address;
  key: Hex;
  keyFile: string;
}

export interface CliChain {
  dir: string;
  chain: DevChain;
  deployment: Deployment;
  deploymentPath: string;
  /** Chain options for a handler, signing with `who` (or no key). */
  opts(who?: TestAccount): ChainCliOptions;
  /** A fresh account with ETH for gas and `pad` PAD, its key in a file. */
  account(label: string, pad: bigint): Promise<TestAccount>;
  mine(blocks: number): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startCliChain(governance: GovernanceOptions = {}): Promise<CliChain> {
  const dir = await mkdtemp(join(tmpdir(), "padmesh-cli-"));
  const chain = await startDevChain({ port: await freePort(), logDir: join(dir, "logs") });
  const admin = chain.walletFor(HARDHAT_DEV_KEY);
  try {
    const deployment = await deployMesh(
      { walletClient: admin, publicClient: chain.publicClient },
      { governance },
    );
    const deploymentPath = await writeDeployment(join(dir, "deployments"), deployment);
    const send = async (hash: Hex) => {
      const r = await chain.publicClient.waitForTransactionReceipt({ hash });
      if (r.status !== "success") throw new Error(`fixture transaction ${hash} reverted`);
    };
    return {
      dir,
      chain,
      deployment,
      deploymentPath,
      opts: (who) => ({
        rpcUrl: chain.rpcUrl,
        deployment: deploymentPath,
        json: true,
        ...(who ? { keyFile: who.keyFile } : {}),
      }),
      async account(label, pad) {
        const key = keccak256(stringToBytes(`padmesh-cli-test:${label}`));
        const address = privateKeyToAccount(key).address;
        const keyFile = join(dir, `${label}.key`);
        await writeFile(keyFile, `${key}\n`, { mode: 0o600 });
        await send(await admin.sendTransaction({ to: address, value: parseEther("10") }));
        if (pad > 0n) {
          await send(
            await admin.writeContract({
              address: deployment.contracts.padToken,
              abi: padTokenAbi,
              functionName: "transfer",
              args: [address, pad],
            }),
          );
        }
        return { address, key, keyFile };
      },
      async mine(blocks) {
        await chain.publicClient.request({
          method: "hardhat_mine" as never,
          params: [`0x${blocks.toString(16)}`] as never,
        });
      },
      async stop() {
        await chain.process.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await chain.process.stop();
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
