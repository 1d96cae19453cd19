/**
 * @padmesh/proto — the one place PadMesh wire formats live: protobuf messages and gRPC
 * services (generated from proto/schema), EIP-712 types, canonical hashing, signing and
 * validation, and the typed errors every part shares.
 */

export * from "./advert.js";
export * from "./auth.js";
// The light half (messages, codecs, errors, constants, hashing): also `@padmesh/proto/core`.
export * from "./core.js";
export * from "./eip712.js";
export * from "./gen/padmesh/v1/scheduler.js";
export * from "./receipt.js";
export * from "./signer.js";
export * from "./telemetry/index.js";
export * from "./wire/index.js";
