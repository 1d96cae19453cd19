/** Everything `padmesh operator status` shows about one account, read from the chain in one go. */
import { meshParamsAbi, operatorRegistryAbi, padTokenAbi, paramKey } from "@padmesh/contracts";
import type { Address } from "viem";
import type { ChainContext } from "../../chain/index.js";
import { type RoleName, roleNames } from "../../chain/index.js";

export interface OperatorState {
  address: Address;
  registered: boolean;
  operatorId: number;
  peerId: string;
  roles: RoleName[];
  rolesBitmask: number;
  bonded: bigint;
  unbonding: bigint;
  /** Unix seconds when the unbonding amount can be withdrawn (0: nothing unbonding). */
  unbondReadyAt: bigint;
  /** Whether `unbonding` can be withdrawn at the chain's latest block time. */
  withdrawable: boolean;
  activeOperator: boolean;
  activeVerifier: boolean;
  leasesSettled: bigint;
  challengesLost: bigint;
  padBalance: bigint;
  minOperatorStake: bigint;
  minVerifierStake: bigint;
  chainTime: bigint;
}

export async function readOperator(ctx: ChainContext, address: Address): Promise<OperatorState> {
  const c = ctx.deployment.contracts;
  const pc = ctx.publicClient;
  const reg = { address: c.operatorRegistry, abi: operatorRegistryAbi } as const;
  const [operatorId, [bonded, unbonding, unbondReadyAt, roles], peerId, [leasesSettled, challengesLost]] =
    await Promise.all([
      pc.readContract({ ...reg, functionName: "operatorId", args: [address] }),
      pc.readContract({ ...reg, functionName: "stakeInfo", args: [address] }),
      pc.readContract({ ...reg, functionName: "peerIdOf", args: [address] }),
      pc.readContract({ ...reg, functionName: "quality", args: [address] }),
    ]);
  const [activeOperator, activeVerifier, padBalance, minOperatorStake, minVerifierStake, block] =
    await Promise.all([
      pc.readContract({ ...reg, functionName: "isActiveOperator", args: [address] }),
      pc.readContract({ ...reg, functionName: "isActiveVerifier", args: [address] }),
      pc.readContract({ address: c.padToken, abi: padTokenAbi, functionName: "balanceOf", args: [address] }),
      pc.readContract({
        address: c.meshParams,
        abi: meshParamsAbi,
        functionName: "value",
        args: [paramKey("stake.minOperator")],
      }),
      pc.readContract({
        address: c.meshParams,
        abi: meshParamsAbi,
        functionName: "value",
        args: [paramKey("stake.minVerifier")],
      }),
      pc.getBlock({ blockTag: "latest" }),
    ]);
  return {
    address,
    registered: operatorId !== 0,
    operatorId: Number(operatorId),
    peerId,
    roles: roleNames(Number(roles)),
    rolesBitmask: Number(roles),
    bonded,
    unbonding,
    unbondReadyAt,
    withdrawable: unbonding > 0n && block.timestamp >= unbondReadyAt,
    activeOperator,
    activeVerifier,
    leasesSettled,
    challengesLost,
    padBalance,
    minOperatorStake,
    minVerifierStake,
    chainTime: block.timestamp,
  };
}
