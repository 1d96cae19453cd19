/**
 * The devnet's chain: Hardhat's network as a JSON-RPC server in its own process on 127.0.0.1,
 * plus viem clients and the test-chain controls the devnet uses (advancing time past the
 * challenge window).
 */
import { join } from "node:path";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type ManagedProcess, spawnManaged } from "./processes.js";

const REPO = join(import.meta.dirname, "../../..");

/**
 * Hardhat's first development account: publicly known, pre-funded on every Hardhat network, and
 * only ever used here to deploy and fund a throw-away local chain.
 */
export const HARDHAT_DEV_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

export interface DevChain {
  rpcUrl: string;
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  walletFor(key: Hex): WalletClient<Transport, Chain, Account>;
  /** Move chain time forward and mine a block. */
  advanceTime(seconds: number): Promise<void>;
  process: ManagedProcess;
}

export async function startDevChain(opts: { port: number; logDir: string }): Promise<DevChain> {
  const proc = await spawnManaged({
    name: "chain",
    command: process.execPath,
    args: [
      join(REPO, "node_modules/hardhat/dist/src/cli.js"),
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(opts.port),
    ],
    cwd: REPO,
    logDir: opts.logDir,
    readyTimeoutMs: 120_000,
    readyWhen: (line) => (line.includes("Started HTTP") ? { event: "ready" } : undefined),
  });
  const rpcUrl = `http://127.0.0.1:${opts.port}`;
  const chain = defineChain({
    id: 31337,
    name: "PadMesh devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const transport = http(rpcUrl, { batch: false, retryCount: 2 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  return {
    rpcUrl,
    chain,
    publicClient,
    walletFor: (key) => createWalletClient({ chain, transport, account: privateKeyToAccount(key) }),
    async advanceTime(seconds) {
      await publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
      await publicClient.request({ method: "evm_mine" as never, params: [] as never });
    },
    process: proc,
  };
}
