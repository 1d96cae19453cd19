import type { NodeInfo } from "@padmesh/proto";
import type { MeshClient } from "../client/createMeshClient.js";
import { unary } from "../client/transport.js";
import type { SchedulerCallError } from "../errors.js";

export type ListNodesReturnType = NodeInfo[];
export type AdminErrorType = SchedulerCallError;

/**
 * The nodes the scheduler currently knows, with their latest adverts.
 * @example
 * const nodes = await listNodes(client);
 */
export async function listNodes(client: MeshClient): Promise<ListNodesReturnType> {
  const a = client.transport.admin;
  return (await unary("ListNodes", a.listNodes.bind(a), {})).nodes;
}

/**
 * The governance parameters the scheduler is applying (read from MeshParams on chain).
 * @example
 * const { params } = await getParams(client);
 */
export async function getParams(
  client: MeshClient,
): Promise<{ params: Map<string, string>; blockNumber: bigint }> {
  const a = client.transport.admin;
  const res = await unary("GetParams", a.getParams.bind(a), {});
  return { params: new Map(res.params.map((p) => [p.name, p.value])), blockNumber: res.blockNumber };
}
