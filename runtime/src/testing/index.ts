/** @padmesh/runtime/testing — hand-assembled agent modules for tests, benches and drills. */
export { echoAgentWasm, failingAgentWasm } from "./echo-agent.js";
export {
  assembleStepAgent,
  type HostImport,
  I32,
  type StepAgentSpec,
  uleb,
  WASM_HEADER,
  wasmName,
  wasmSection,
} from "./wasm-bytes.js";
