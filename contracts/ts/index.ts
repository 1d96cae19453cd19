/**
 * @padmesh/contracts — the chain side of PadMesh for TypeScript: typed ABIs and bytecode of
 * every contract, `deployMesh`, the deployments file, MeshParams names and keys.
 */
export * from "./deploy.js";
export * from "./deployment.js";
export * from "./errors.js";
export * from "./generated/abis.js";
export * from "./params.js";
export * from "./read-params.js";
export * from "./tuples.js";
