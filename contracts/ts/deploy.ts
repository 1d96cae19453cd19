/**
 * deployMesh: deploys PAD, the Timelock, the Governor, MeshParams, OperatorRegistry and
 * SessionEscrow with plain viem clients (in-process Hardhat network or any JSON-RPC chain),
 * one transaction at a time, and hands governance to the Timelock.
 */
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hash,
  type Hex,
  keccak256,
  type PublicClient,
  stringToBytes,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";
import type { Deployment } from "./deployment.js";
import { DeployMeshError, UnknownParamError } from "./errors.js";
import {
  governorAbi,
  governorBytecode,
  meshParamsAbi,
  meshParamsBytecode,
  operatorRegistryAbi,
  operatorRegistryBytecode,
  padTokenAbi,
  padTokenBytecode,
  sessionEscrowAbi,
  sessionEscrowBytecode,
  timelockAbi,
  timelockBytecode,
} from "./generated/abis.js";
import { DEVNET_PARAMS, PARAM_NAMES, type ParamValues, paramKey } from "./params.js";

export interface DeployMeshClients {
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>;
  publicClient: PublicClient<Transport, Chain | undefined>;
}

export interface GovernanceOptions {
  /** Blocks between proposal and voting (default 1). */
  votingDelay?: number;
  /** Blocks voting stays open (default 20). */
  votingPeriod?: number;
  /** Votes needed to propose, PAD wei (default 0). */
  proposalThreshold?: bigint;
  /** Quorum, percent of supply (default 4). */
  quorumPercent?: number;
  /** Timelock delay in seconds between queue and execute (default 60). */
  timelockDelay?: bigint;
}

export interface DeployMeshOptions {
  /** Receives the whole PAD supply (default: the deploying account). */
  treasury?: Address;
  /** Total PAD supply in wei (default 1e9 PAD). */
  supply?: bigint;
  governance?: GovernanceOptions;
  /** Parameter values on top of the defaults (names from PARAM_NAMES). */
  params?: ParamValues;
  /** Start from DEVNET_PARAMS (default true); false keeps the contract's built-in defaults. */
  devnetDefaults?: boolean;
  signal?: AbortSignal;
}

export const DEFAULT_SUPPLY = 1_000_000_000n * 10n ** 18n;
const PROPOSER_ROLE = keccak256(stringToBytes("PROPOSER_ROLE"));
const CANCELLER_ROLE = keccak256(stringToBytes("CANCELLER_ROLE"));
const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}` as Hex;

/**
 * Deploy the whole PadMesh contract set and return its addresses. Final state: MeshParams owned
 * by the Timelock; the Timelock administers itself, the Governor proposes and cancels, anyone
 * executes; the registry's escrow is bound. Parameters are set in MeshParams' constructor, so no
 * admin path to them ever exists.
 * @example
 * const { viem } = await network.create();
 * const [walletClient] = await viem.getWalletClients();
 * const deployment = await deployMesh({ walletClient, publicClient: await viem.getPublicClient() });
 */
export async function deployMesh(
  clients: DeployMeshClients,
  options: DeployMeshOptions = {},
): Promise<Deployment> {
  const { walletClient, publicClient } = clients;
  const account = walletClient.account;
  if (!account) throw new DeployMeshError("setup", "walletClient has no account");
  const chain = walletClient.chain ?? null;
  const gov = options.governance ?? {};
  const values: ParamValues = {
    ...(options.devnetDefaults === false ? {} : DEVNET_PARAMS),
    ...options.params,
  };
  const known = new Set<string>(PARAM_NAMES);
  const entries = Object.entries(values).filter(([, v]) => v !== undefined) as [string, bigint][];
  for (const [name] of entries) if (!known.has(name)) throw new UnknownParamError(name);
  const keys = entries.map(([name]) => paramKey(name));
  const vals = entries.map(([, v]) => v);
  const signal = options.signal;

  let firstBlock: bigint | undefined;
  const wait = async (step: string, hash: Hash) => {
    signal?.throwIfAborted();
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new DeployMeshError(step, `transaction ${hash} reverted`);
    firstBlock ??= receipt.blockNumber;
    return receipt;
  };
  const deploy = async (
    step: string,
    abi: Abi,
    bytecode: Hex,
    args: readonly unknown[],
  ): Promise<Address> => {
    signal?.throwIfAborted();
    let hash: Hash;
    try {
      hash = await walletClient.deployContract({ abi, bytecode, args, account, chain } as never);
    } catch (cause) {
      throw new DeployMeshError(step, "deployment transaction rejected", { cause });
    }
    const receipt = await wait(step, hash);
    if (!receipt.contractAddress) throw new DeployMeshError(step, "no contract address in receipt");
    return getAddress(receipt.contractAddress);
  };
  const write = async (
    step: string,
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
  ) => {
    signal?.throwIfAborted();
    let hash: Hash;
    try {
      hash = await walletClient.writeContract({ address, abi, functionName, args, account, chain } as never);
    } catch (cause) {
      throw new DeployMeshError(step, "transaction rejected", { cause });
    }
    await wait(step, hash);
  };

  const treasury = options.treasury ?? account.address;
  const padToken = await deploy("PadToken", padTokenAbi, padTokenBytecode, [
    treasury,
    options.supply ?? DEFAULT_SUPPLY,
  ]);
  const timelock = await deploy("MeshTimelock", timelockAbi, timelockBytecode, [
    gov.timelockDelay ?? 60n,
    [],
    [zeroAddress],
    account.address,
  ]);
  const governor = await deploy("MeshGovernor", governorAbi, governorBytecode, [
    padToken,
    timelock,
    gov.votingDelay ?? 1,
    gov.votingPeriod ?? 20,
    gov.proposalThreshold ?? 0n,
    BigInt(gov.quorumPercent ?? 4),
  ]);
  const meshParams = await deploy("MeshParams", meshParamsAbi, meshParamsBytecode, [timelock, keys, vals]);
  const operatorRegistry = await deploy("OperatorRegistry", operatorRegistryAbi, operatorRegistryBytecode, [
    padToken,
    meshParams,
  ]);
  const sessionEscrow = await deploy("SessionEscrow", sessionEscrowAbi, sessionEscrowBytecode, [
    padToken,
    meshParams,
    operatorRegistry,
    timelock,
  ]);
  await write("registry.setEscrow", operatorRegistry, operatorRegistryAbi, "setEscrow", [sessionEscrow]);
  await write("timelock.grantProposer", timelock, timelockAbi, "grantRole", [PROPOSER_ROLE, governor]);
  await write("timelock.grantCanceller", timelock, timelockAbi, "grantRole", [CANCELLER_ROLE, governor]);
  await write("timelock.renounceAdmin", timelock, timelockAbi, "renounceRole", [
    DEFAULT_ADMIN_ROLE,
    account.address,
  ]);

  const owner = await publicClient.readContract({
    address: meshParams,
    abi: meshParamsAbi,
    functionName: "owner",
  });
  if (owner.toLowerCase() !== timelock.toLowerCase()) {
    throw new DeployMeshError("verify", `MeshParams owner is ${owner}, not the timelock ${timelock}`);
  }
  const chainId = await publicClient.getChainId();
  return {
    chainId,
    contracts: { padToken, meshParams, operatorRegistry, sessionEscrow, timelock, governor },
    deployedAtBlock: firstBlock ?? 0n,
  };
}
