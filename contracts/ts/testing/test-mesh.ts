/**
 * The mesh contracts deployed by `deployMesh` on a local chain, and the chain actions tests and
 * benches need: actors with their own keys, ETH for gas and PAD; staking; opening an escrow;
 * changing a parameter as an executed governance proposal does. Writes go one at a time (an
 * automining chain rejects queued nonces), whoever sends them.
 */
import { createKeySigner, type MeshDomain, type Signer } from "@padmesh/proto";
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  keccak256,
  parseEther,
  stringToBytes,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { type DeployMeshOptions, deployMesh } from "../deploy.js";
import { type Deployment, meshDomain, writeDeployment } from "../deployment.js";
import { meshParamsAbi, operatorRegistryAbi, padTokenAbi, sessionEscrowAbi } from "../generated/abis.js";
import { paramKey } from "../params.js";
import { TestTransactionRevertedError } from "./errors.js";
import { HARDHAT_DEV_KEY } from "./hardhat-node.js";
import type { LocalChain } from "./local-chain.js";

/** One PAD in wei. */
export const PAD = 10n ** 18n;

export interface TestActor {
  label: string;
  address: Address;
  privateKey: Hex;
  signer: Signer;
  wallet: WalletClient<Transport, Chain, Account>;
}

export interface TestMeshOptions extends DeployMeshOptions {
  /** Actors' keys are keccak256(`${keyPrefix}:${label}`) (default "padmesh-test"). */
  keyPrefix?: string;
  /** PAD an actor gets when `actor()` is given no amount (default 10,000 PAD). */
  actorPad?: bigint;
  /** Also write the deployments file into this directory (its path: `deploymentPath`). */
  deploymentDir?: string;
  /** Called with the receipt of every transaction the mesh sends after deployment (e.g. to sum setup gas). */
  onReceipt?: (receipt: TransactionReceipt) => void;
}

export interface TestMesh {
  chain: LocalChain;
  /** Hardhat's first development account: deployed the mesh, holds the PAD supply. */
  deployer: WalletClient<Transport, Chain, Account>;
  deployment: Deployment;
  contracts: Deployment["contracts"];
  /** The deployments file, when `deploymentDir` was given. */
  deploymentPath: string | undefined;
  domain: MeshDomain;
  /** Wait for a transaction; rejects if it reverted. */
  wait(hash: Hash): Promise<TransactionReceipt>;
  /** Send a write as `who` and wait for it; rejects with the decoded custom error on revert. */
  send(
    who: TestActor,
    address: Address,
    abi: Abi | readonly unknown[],
    functionName: string,
    args: readonly unknown[],
  ): Promise<TransactionReceipt>;
  /**
   * A funded actor: 1,000 ETH for gas and `pad` PAD (default `actorPad`) from the deployer. Its
   * key is derived from `label` unless `privateKey` is given (a key kept in a file, say).
   */
  actor(label: string, pad?: bigint, privateKey?: Hex): Promise<TestActor>;
  approve(who: TestActor, spender: Address, amount: bigint): Promise<TransactionReceipt>;
  /** Stake `stake` PAD and register `who` as an operator in `roles` (bits). */
  register(who: TestActor, roles: number, stake?: bigint, peerId?: string): Promise<TransactionReceipt>;
  /** Approve and open an escrow session of `deposit` PAD. */
  openSession(
    owner: TestActor,
    sessionId: Hex,
    deposit: bigint,
    sessionKey: Address,
    maxPricePerFuel?: bigint,
  ): Promise<TransactionReceipt>;
  /** Change a MeshParams value exactly as an executed governance proposal does: a call from the Timelock. */
  setParam(name: string, value: bigint): Promise<TransactionReceipt>;
  balanceOf(address: Address): Promise<bigint>;
}

/**
 * Deploy the mesh on `chain` from Hardhat's first development account.
 * @example
 * const chain = await startInProcessChain();
 * const mesh = await deployTestMesh(chain, { params: { "rate.sessionsPerWindow": 100n } });
 * const operator = await mesh.actor("operator");
 * await mesh.register(operator, 1);
 */
export async function deployTestMesh(chain: LocalChain, options: TestMeshOptions = {}): Promise<TestMesh> {
  const {
    keyPrefix = "padmesh-test",
    actorPad = 10_000n * PAD,
    deploymentDir,
    onReceipt,
    ...deployOptions
  } = options;
  const { publicClient } = chain;
  const deployer = chain.walletFor(HARDHAT_DEV_KEY);
  const deployment = await deployMesh({ walletClient: deployer, publicClient }, deployOptions);
  const deploymentPath = deploymentDir ? await writeDeployment(deploymentDir, deployment) : undefined;
  const c = deployment.contracts;

  const wait = async (hash: Hash) => {
    const r = await publicClient.waitForTransactionReceipt({ hash });
    onReceipt?.(r);
    if (r.status !== "success") throw new TestTransactionRevertedError("test mesh", hash);
    return r;
  };
  let queue: Promise<unknown> = Promise.resolve();
  const sendFrom = (
    wallet: WalletClient<Transport, Chain, Account>,
    address: Address,
    abi: Abi | readonly unknown[],
    functionName: string,
    args: readonly unknown[],
  ): Promise<TransactionReceipt> => {
    const next = queue.then(async () =>
      wait(await wallet.writeContract({ address, abi, functionName, args } as never)),
    );
    queue = next.catch(() => undefined);
    return next;
  };
  const send: TestMesh["send"] = (who, address, abi, functionName, args) =>
    sendFrom(who.wallet, address, abi, functionName, args);
  const approve: TestMesh["approve"] = (who, spender, amount) =>
    send(who, c.padToken, padTokenAbi, "approve", [spender, amount]);

  return {
    chain,
    deployer,
    deployment,
    contracts: c,
    deploymentPath,
    domain: meshDomain(deployment),
    wait,
    send,
    async actor(label, pad = actorPad, privateKey = keccak256(stringToBytes(`${keyPrefix}:${label}`))) {
      const wallet = chain.walletFor(privateKey);
      const address = wallet.account.address;
      await chain.setBalance(address, parseEther("1000"));
      if (pad > 0n) await sendFrom(deployer, c.padToken, padTokenAbi, "transfer", [address, pad]);
      return { label, address, privateKey, signer: createKeySigner(privateKey), wallet };
    },
    approve,
    async register(who, roles, stake = 1_000n * PAD, peerId = `peer-${who.label}`) {
      await approve(who, c.operatorRegistry, stake);
      return send(who, c.operatorRegistry, operatorRegistryAbi, "register", [peerId, roles, stake]);
    },
    async openSession(owner, sessionId, deposit, sessionKey, maxPricePerFuel = 1000n) {
      await approve(owner, c.sessionEscrow, deposit);
      return send(owner, c.sessionEscrow, sessionEscrowAbi, "openSession", [
        sessionId,
        deposit,
        sessionKey,
        maxPricePerFuel,
      ]);
    },
    async setParam(name, value) {
      const timelock = await chain.impersonate(c.timelock);
      await chain.setBalance(c.timelock, parseEther("100"));
      try {
        return await sendFrom(timelock, c.meshParams, meshParamsAbi, "setParam", [paramKey(name), value]);
      } finally {
        await chain.stopImpersonating(c.timelock);
      }
    },
    balanceOf: (address) =>
      publicClient.readContract({
        address: c.padToken,
        abi: padTokenAbi,
        functionName: "balanceOf",
        args: [address],
      }),
  };
}
