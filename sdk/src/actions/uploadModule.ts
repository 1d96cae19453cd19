import { readFile } from "node:fs/promises";
import { PutBlobRequest, sha256, toHex } from "@padmesh/proto";
import type { MeshClient } from "../client/createMeshClient.js";
import { authenticate, unary } from "../client/transport.js";
import type { SchedulerCallError } from "../errors.js";

export interface UploadModuleParameters {
  /** The wasm bytes, or a path to a .wasm file. */
  module: Uint8Array | string;
}
export interface UploadModuleReturnType {
  /** sha256 of the module: how sessions and receipts name it. */
  hash: Uint8Array;
  hex: `0x${string}`;
}
export type UploadModuleErrorType = SchedulerCallError;

/**
 * Upload a wasm module to the scheduler, which serves it to nodes by hash.
 * @example
 * const { hash } = await uploadModule(client, { module: "runtime/agents/build/risk.wasm" });
 */
export async function uploadModule(
  client: MeshClient,
  params: UploadModuleParameters,
): Promise<UploadModuleReturnType> {
  const data =
    typeof params.module === "string" ? new Uint8Array(await readFile(params.module)) : params.module;
  const req = await authenticate(PutBlobRequest, "PutBlob", { data, auth: undefined }, client.owner);
  const s = client.transport.scheduler;
  const res = await unary("PutBlob", s.putBlob.bind(s), req);
  const local = sha256(data);
  return { hash: res.hash.length ? res.hash : local, hex: toHex(local) };
}
