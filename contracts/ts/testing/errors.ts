/** Errors of the local test chains in `@padmesh/contracts/testing`. */
import { PadMeshError } from "@padmesh/proto";

/** `hardhat node` did not come up. `details` holds the last lines it printed. */
export class LocalChainStartError extends PadMeshError {
  constructor(reason: string, output: string) {
    super("ERR_LOCAL_CHAIN_START", `the local chain (hardhat node) did not start: ${reason}`, {
      details: output,
    });
  }
}

/** A transaction a test fixture sent was mined but reverted. */
export class TestTransactionRevertedError extends PadMeshError {
  readonly hash: string;
  constructor(what: string, hash: string) {
    super("ERR_TEST_TX_REVERTED", `${what}: transaction ${hash} reverted`);
    this.hash = hash;
  }
}
