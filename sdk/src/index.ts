/**
 * @padmesh/sdk — run agent sessions on PadMesh from your own TypeScript service: open and fund an
 * escrow, place a session, submit steps, stream verified outputs and receipts, countersign vouchers
 * automatically, close and withdraw. viem-style: plain functions over a client.
 */

export * from "./actions/admin.js";
export * from "./actions/closeEscrow.js";
export * from "./actions/closeSession.js";
export * from "./actions/createSession.js";
export * from "./actions/dryRun.js";
export * from "./actions/explainPlacement.js";
export * from "./actions/getReceipts.js";
export * from "./actions/isOperatorStaked.js";
export * from "./actions/openSession.js";
export * from "./actions/submitStep.js";
export * from "./actions/uploadModule.js";
export * from "./actions/watchSession.js";
export {
  type CreateMeshClientErrorType,
  type CreateMeshClientParameters,
  createMeshClient,
  type MeshChain,
  type MeshClient,
} from "./client/createMeshClient.js";
export { createSchedulerTransport, type SchedulerTransport } from "./client/transport.js";
export * from "./errors.js";
export {
  createReceiptVerifier,
  type ReceiptVerifier,
  type VerifiedReceipt,
} from "./receipts/receiptVerifier.js";
export { createVoucherBook, type VoucherBook } from "./vouchers/voucherBook.js";
