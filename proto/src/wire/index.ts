/** Shared libp2p plumbing: framing, request/response streams and the mesh host factory. */
export * from "./channel-pool.js";
export * from "./errors.js";
export * from "./frame-codec.js";
export * from "./frame-stream.js";
export * from "./host.js";
export * from "./peer-key.js";
export * from "./request-channel.js";
export * from "./serve.js";
