/**
 * @padmesh/proto — the one place PadMesh wire formats live: protobuf messages and gRPC
 * services (generated from proto/schema), EIP-712 types, canonical hashing, signing and
 * validation, and the typed errors every part shares.
 */

export * from "./advert.js";
export * from "./auth.js";
export * from "./codec.js";
export * from "./constants.js";
export * from "./eip712.js";
export * from "./errors.js";
export * from "./gen/padmesh/v1/advert.js";
export * from "./gen/padmesh/v1/lease.js";
export * from "./gen/padmesh/v1/receipt.js";
export * from "./gen/padmesh/v1/resources.js";
export * from "./gen/padmesh/v1/scheduler.js";
export * from "./gen/padmesh/v1/step.js";
export * from "./hash.js";
export * from "./receipt.js";
export * from "./signer.js";
export * from "./telemetry/index.js";
export * from "./wire/index.js";
