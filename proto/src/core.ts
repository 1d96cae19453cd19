/**
 * The light half of the protocol package: messages, enums, codecs, errors, constants, content
 * hashing and the coordination record, without the libp2p host, gRPC (service definitions
 * included), EIP-712 signing or telemetry, and so without loading libp2p, grpc-js or viem. For
 * code that starts often and needs little, such as the runtime's step worker threads. Everything
 * here is also exported from `@padmesh/proto`.
 */
export * from "./codec.js";
export * from "./constants.js";
export * from "./coordination.js";
export * from "./errors.js";
export * from "./gen/padmesh/v1/advert.js";
export * from "./gen/padmesh/v1/lease.js";
export * from "./gen/padmesh/v1/receipt.js";
export * from "./gen/padmesh/v1/resources.js";
export * from "./gen/padmesh/v1/step.js";
export * from "./hash.js";
