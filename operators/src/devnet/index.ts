/** The devnet's public API: a whole local mesh as real processes, for drills, benches and demos. */
export { type DevChain, HARDHAT_DEV_KEY, startDevChain } from "./chain.js";
export { type DemoOptions, type DemoResult, runDemo } from "./demo.js";
export { createDevKey, type DevKey } from "./keys.js";
export {
  type Devnet,
  type DevnetOptions,
  type DevRole,
  type DevWorker,
  PAD,
  startDevnet,
  type WorkerSpec,
} from "./mesh.js";
export { type ManagedProcess, type SpawnOptions, spawnManaged, tsxCommand } from "./processes.js";
export { projectClient } from "./project-client.js";
export { devnetParams, devnetWorkers } from "./topology.js";
