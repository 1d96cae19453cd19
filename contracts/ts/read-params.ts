/**
 * Reading MeshParams from the chain: one `allParams` call, mapped to names. Off-chain parts
 * load this at start and then follow `ParamChanged` events (hot reload, no restart).
 */
import type { Address, PublicClient } from "viem";
import { meshParamsAbi } from "./generated/abis.js";
import { PARAM_NAMES, type ParamName, paramName } from "./params.js";

export type MeshParamValues = Record<ParamName, bigint>;

export interface ReadMeshParamsParameters {
  /** The MeshParams contract (`deployment.contracts.meshParams`). */
  address: Address;
  /** Read at this block (default latest). */
  blockNumber?: bigint;
}

/**
 * Every governance parameter by name.
 * @example
 * const p = await readMeshParams(publicClient, { address: deployment.contracts.meshParams });
 * p["weight.price"]; // 3000n
 */
export async function readMeshParams(
  client: Pick<PublicClient, "readContract">,
  { address, blockNumber }: ReadMeshParamsParameters,
): Promise<MeshParamValues> {
  const [keys, values] = await client.readContract({
    address,
    abi: meshParamsAbi,
    functionName: "allParams",
    ...(blockNumber === undefined ? {} : { blockNumber }),
  });
  const out = {} as MeshParamValues;
  keys.forEach((key, i) => {
    const name = paramName(key);
    if (name) out[name] = values[i] ?? 0n;
  });
  for (const name of PARAM_NAMES) out[name] ??= 0n;
  return out;
}
