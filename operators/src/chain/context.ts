/**
 * A chain command's context: viem clients for the RPC endpoint, the PadMesh deployment (checked
 * against the chain's id) and, for commands that send transactions, the signing account.
 */
import { access } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Deployment, readDeployment } from "@padmesh/contracts";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { ChainOptionError, ChainUnreachableError, DeploymentNotFoundError } from "./errors.js";
import { loadAccount } from "./key.js";
import type { ChainCliOptions } from "./options.js";

export interface ChainContext {
  rpcUrl: string;
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  deployment: Deployment;
  deploymentPath: string;
  /** Present when the context was opened with `signer: true`. */
  wallet: WalletClient<Transport, Chain, Account> | undefined;
}

export interface OpenChainContextOptions {
  /** Load the signing key and build a wallet client. */
  signer: boolean;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * Connect to the chain, read the deployment and (optionally) the key.
 * @example
 * const ctx = await openChainContext({ rpcUrl, deployment, keyFile, json: false }, { signer: true });
 */
export async function openChainContext(
  opts: Pick<ChainCliOptions, "rpcUrl" | "deployment" | "keyFile">,
  init: OpenChainContextOptions,
): Promise<ChainContext> {
  let url: URL;
  try {
    url = new URL(opts.rpcUrl);
  } catch (cause) {
    throw new ChainOptionError(
      "rpc-url",
      `--rpc-url "${opts.rpcUrl}" is not a URL (e.g. http://127.0.0.1:8545)`,
      {
        cause,
      },
    );
  }
  const rpcUrl = url.toString().replace(/\/$/, "");
  const transport = http(rpcUrl, { batch: false, retryCount: 1 });
  let chainId: number;
  try {
    const probe = createPublicClient({ transport });
    chainId = await probe.getChainId();
  } catch (cause) {
    throw new ChainUnreachableError(
      rpcUrl,
      "did not answer: start a chain (`padmesh devnet`) or pass --rpc-url (env PADMESH_RPC_URL)",
      { cause },
    );
  }
  init.signal?.throwIfAborted();

  const deploymentPath = resolve(opts.deployment ?? join("deployments", `${chainId}.json`));
  try {
    await access(deploymentPath);
  } catch (cause) {
    throw new DeploymentNotFoundError(deploymentPath, { cause });
  }
  const deployment = await readDeployment(deploymentPath);
  if (deployment.chainId !== chainId) {
    throw new ChainUnreachableError(
      rpcUrl,
      `is chain ${chainId} but ${deploymentPath} is for chain ${deployment.chainId}: pass the matching --rpc-url or --deployment`,
    );
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 });
  let wallet: ChainContext["wallet"];
  if (init.signer) {
    const account = await loadAccount({ keyFile: opts.keyFile, env: init.env ?? process.env });
    wallet = createWalletClient({ chain, transport, account });
  }
  return { rpcUrl, chain, publicClient, deployment, deploymentPath, wallet };
}

/** The context's wallet, or a ChainOptionError saying how to give one. */
export function requireWallet(ctx: ChainContext): WalletClient<Transport, Chain, Account> {
  if (!ctx.wallet) {
    throw new ChainOptionError(
      "key-file",
      "this command needs a key: pass --key-file <file> or set PADMESH_OPERATOR_KEY",
    );
  }
  return ctx.wallet;
}
