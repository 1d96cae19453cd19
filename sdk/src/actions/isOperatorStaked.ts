import { operatorRegistryAbi } from "@padmesh/contracts";
import type { Address } from "viem";
import type { MeshClient } from "../client/createMeshClient.js";
import { ClientConfigError } from "../errors.js";

const CACHE_MS = 30_000;
const cache = new WeakMap<MeshClient, Map<string, { staked: boolean; at: number }>>();

export interface IsOperatorStakedParameters {
  operator: string;
}
export type IsOperatorStakedErrorType = ClientConfigError;

/**
 * Is the operator registered and staked on-chain? Cached for 30 s per client.
 * @example
 * if (!(await isOperatorStaked(client, { operator }))) throw new Error("unstaked");
 */
export async function isOperatorStaked(
  client: MeshClient,
  params: IsOperatorStakedParameters,
): Promise<boolean> {
  if (!client.chain) throw new ClientConfigError("checking operator stake needs `chain` in createMeshClient");
  let byOp = cache.get(client);
  if (!byOp) {
    byOp = new Map();
    cache.set(client, byOp);
  }
  const key = params.operator.toLowerCase();
  const hit = byOp.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.staked;
  const staked = await client.chain.publicClient.readContract({
    address: client.chain.deployment.contracts.operatorRegistry,
    abi: operatorRegistryAbi,
    functionName: "isActiveOperator",
    args: [params.operator as Address],
  });
  byOp.set(key, { staked, at: Date.now() });
  return staked;
}
