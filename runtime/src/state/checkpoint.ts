/** Checkpoints: a state snapshot as a content-addressed blob (fetched over /padmesh/blob by its id). */
import { sha256 } from "../hashes.js";
import type { SessionState } from "./session-state.js";

export interface Checkpoint {
  /** sha256 of `snapshot`: the blob's address and StepOutput.checkpoint. */
  id: Uint8Array;
  /** The encoded, sorted StateSnapshot. */
  snapshot: Uint8Array;
}

/**
 * The checkpoint of a state.
 * @example
 * const { id, snapshot } = checkpoint(outcome.state); // store/serve `snapshot` under `id`
 */
export function checkpoint(state: SessionState): Checkpoint {
  const snapshot = state.snapshot();
  return { id: sha256(snapshot), snapshot };
}

/** The checkpoint id of snapshot bytes. */
export function checkpointId(snapshot: Uint8Array): Uint8Array {
  return sha256(snapshot);
}
