import { CloseSessionRequest, type LeaseInfo } from "@padmesh/proto";
import type { MeshClient } from "../client/createMeshClient.js";
import { authenticate, unary } from "../client/transport.js";
import type { SchedulerCallError } from "../errors.js";

export interface CloseSessionParameters {
  sessionId: Uint8Array;
}
export interface CloseSessionReturnType {
  leases: LeaseInfo[];
}
export type CloseSessionErrorType = SchedulerCallError;

/**
 * End a session on the mesh: its leases are released and their operators claim their vouchers.
 * The escrow is closed separately with `closeEscrow` once claims are final.
 * @example
 * await closeSession(client, { sessionId });
 */
export async function closeSession(
  client: MeshClient,
  params: CloseSessionParameters,
): Promise<CloseSessionReturnType> {
  const req = await authenticate(
    CloseSessionRequest,
    "CloseSession",
    { sessionId: params.sessionId, auth: undefined },
    client.owner,
  );
  const s = client.transport.scheduler;
  return { leases: (await unary("CloseSession", s.closeSession.bind(s), req)).leases };
}
