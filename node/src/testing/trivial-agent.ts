/**
 * The node's name for the shared test agent (`echoAgentWasm` of `@padmesh/runtime/testing`):
 * each step copies its input to its output and stores it in session state under key "k".
 */
export { echoAgentWasm as trivialAgentWasm } from "@padmesh/runtime/testing";
