import { GetReceiptsRequest, type Receipt } from "@padmesh/proto";
import type { MeshClient } from "../client/createMeshClient.js";
import { unary } from "../client/transport.js";
import type { SchedulerCallError } from "../errors.js";

export interface GetReceiptsParameters {
  sessionId: Uint8Array;
  fromSequence?: bigint;
  limit?: number;
}
export type GetReceiptsReturnType = Receipt[];
export type GetReceiptsErrorType = SchedulerCallError;

/**
 * Fetch a session's journalled receipts (for audits and `padmesh verify`).
 * @example
 * const receipts = await getReceipts(client, { sessionId, limit: 100 });
 */
export async function getReceipts(
  client: MeshClient,
  params: GetReceiptsParameters,
): Promise<GetReceiptsReturnType> {
  const s = client.transport.scheduler;
  const req = GetReceiptsRequest.fromPartial({
    sessionId: params.sessionId,
    fromSequence: params.fromSequence ?? 0n,
    limit: params.limit ?? 1000,
  });
  return (await unary("GetReceipts", s.getReceipts.bind(s), req)).receipts;
}
