/**
 * @padmesh/contracts/testing — local chains for tests, benches and the devnet: `hardhat node` in
 * its own process or an in-process Hardhat network, with the mesh deployed by `deployMesh` and
 * funded, staked actors. Not for production chains (it uses Hardhat's test-only RPC methods).
 */
export { LocalChainStartError, TestTransactionRevertedError } from "./errors.js";
export {
  HARDHAT_DEV_KEY,
  type HardhatNode,
  type HardhatNodeCommand,
  hardhatNodeCommand,
  type StartHardhatNodeOptions,
  startHardhatNode,
} from "./hardhat-node.js";
export { id32 } from "./ids.js";
export { type InProcessChain, startInProcessChain } from "./in-process-chain.js";
export {
  type ConnectLocalChainInit,
  connectLocalChain,
  HARDHAT_CHAIN_ID,
  type LocalChain,
  type LocalChainProcess,
  startLocalChain,
} from "./local-chain.js";
export {
  deployTestMesh,
  PAD,
  type TestActor,
  type TestMesh,
  type TestMeshOptions,
} from "./test-mesh.js";
