/**
 * A local Hardhat chain as viem clients plus the test-chain controls (balances, impersonation,
 * time, mining). The same interface over `hardhat node` in its own process (HTTP) and over an
 * in-process network (`startInProcessChain`), so one set of fixtures serves both.
 */
import {
  type Account,
  type Address,
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
import { type HardhatNode, type StartHardhatNodeOptions, startHardhatNode } from "./hardhat-node.js";

export const HARDHAT_CHAIN_ID = 31337;

export interface LocalChain {
  /** The JSON-RPC URL where other processes reach the chain; undefined for an in-process one. */
  readonly rpcUrl: string | undefined;
  readonly chain: Chain;
  readonly transport: Transport;
  readonly publicClient: PublicClient<Transport, Chain>;
  walletFor(key: Hex): WalletClient<Transport, Chain, Account>;
  setBalance(address: Address, wei: bigint): Promise<void>;
  /** A wallet that sends as `address` without its key (until `stopImpersonating`). */
  impersonate(address: Address): Promise<WalletClient<Transport, Chain, Account>>;
  stopImpersonating(address: Address): Promise<void>;
  /** Move chain time forward and mine a block. */
  advanceTime(seconds: number): Promise<void>;
  mine(blocks?: number): Promise<void>;
}

export type ConnectLocalChainInit = { rpcUrl: string } | { transport: Transport; chain: Chain };

/** Fast polling and no caching: a local chain mines on every transaction. */
const LOCAL_CLIENT = { pollingInterval: 50, cacheTime: 0 } as const;

/** Clients and controls over a running local chain. */
export function connectLocalChain(init: ConnectLocalChainInit): LocalChain {
  const rpcUrl = "rpcUrl" in init ? init.rpcUrl : undefined;
  const chain =
    "chain" in init
      ? init.chain
      : defineChain({
          id: HARDHAT_CHAIN_ID,
          name: "PadMesh local chain",
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
          rpcUrls: { default: { http: [init.rpcUrl] } },
        });
  const transport = "transport" in init ? init.transport : http(init.rpcUrl, { batch: false, retryCount: 2 });
  const publicClient = createPublicClient({ chain, transport, ...LOCAL_CLIENT });
  const rpc = (method: string, params: unknown[]) =>
    publicClient.request({ method: method as never, params: params as never });
  const wallet = (account: Account | Address) =>
    createWalletClient({ chain, transport, account, ...LOCAL_CLIENT }) as WalletClient<
      Transport,
      Chain,
      Account
    >;
  return {
    rpcUrl,
    chain,
    transport,
    publicClient,
    walletFor: (key) => wallet(privateKeyToAccount(key)),
    async setBalance(address, wei) {
      await rpc("hardhat_setBalance", [address, `0x${wei.toString(16)}`]);
    },
    async impersonate(address) {
      await rpc("hardhat_impersonateAccount", [address]);
      return wallet(address);
    },
    async stopImpersonating(address) {
      await rpc("hardhat_stopImpersonatingAccount", [address]);
    },
    async advanceTime(seconds) {
      await rpc("evm_increaseTime", [seconds]);
      await rpc("evm_mine", []);
    },
    async mine(blocks = 1) {
      await rpc("hardhat_mine", [`0x${blocks.toString(16)}`]);
    },
  };
}

export interface LocalChainProcess extends LocalChain {
  readonly rpcUrl: string;
  readonly node: HardhatNode;
  stop(): Promise<void>;
}

/**
 * Start `hardhat node` in its own process and connect to it: the chain other processes
 * (scheduler, workers) reach over HTTP.
 * @example
 * const chain = await startLocalChain();
 * const mesh = await deployTestMesh(chain, { deploymentDir: dir });
 * // ... chain.rpcUrl and mesh.deploymentPath go to the processes under test
 * await chain.stop();
 */
export async function startLocalChain(opts: StartHardhatNodeOptions = {}): Promise<LocalChainProcess> {
  const node = await startHardhatNode(opts);
  return {
    ...connectLocalChain({ rpcUrl: node.rpcUrl }),
    rpcUrl: node.rpcUrl,
    node,
    stop: () => node.stop(),
  };
}
