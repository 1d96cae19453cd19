/**
 * The chain side of the `padmesh` CLI, shared by `operator`, `gov` and `verify`: options, the
 * context (clients, deployment, key), transactions with decoded reverts, output and progress.
 */
export * from "./amount.js";
export * from "./context.js";
export * from "./errors.js";
export * from "./key.js";
export * from "./options.js";
export * from "./output.js";
export * from "./progress.js";
export * from "./roles.js";
export * from "./tx.js";
