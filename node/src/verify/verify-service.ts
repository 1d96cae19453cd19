/**
 * The verification role (/padmesh/verify/1.0.0): re-execute a receipt with the runtime's
 * `reexecute`, sign an Attestation of what this node computed, and on a mismatch submit
 * `SessionEscrow.challenge(receipt, operatorSig, attestation, verifierSig)` on-chain.
 */
import {
  type Attestation,
  bytesEqual,
  checkReceiptShape,
  encodeMessage,
  hashReceipt,
  type MeshDomain,
  PadMeshError,
  type Signer,
  StateSnapshot,
  sha256,
  signAttestation,
  toHex,
  type VerifyRequest,
  type VerifyResponse,
  verifyReceiptSignature,
} from "@padmesh/proto";
import type { BlobStore } from "../blobs/blob-store.js";
import type { ChallengeSubmitter } from "../chain/interface.js";
import { BadRequestError } from "../errors.js";
import type { Reexecutor } from "../steps/executor.js";

export interface VerifyServiceComponents {
  reexecutor: Reexecutor;
  signer: Signer;
  domain: MeshDomain;
  blobs: BlobStore;
  challenger?: ChallengeSubmitter;
  onVerified?(e: { mismatch: boolean; challengeTx?: string; challengeError?: unknown }): void;
}

export interface VerifyService {
  handle(request: VerifyRequest): Promise<VerifyResponse>;
}

function errorResponse(err: unknown): VerifyResponse {
  const e =
    err instanceof PadMeshError
      ? err
      : new PadMeshError("ERR_INTERNAL", err instanceof Error ? err.message : String(err));
  return {
    kind: { $case: "error", value: { code: e.code, message: e.shortMessage, receipt: undefined, spans: [] } },
  };
}

export function createVerifyService(components: VerifyServiceComponents): VerifyService {
  const { reexecutor, signer, domain, blobs } = components;
  return {
    async handle(request) {
      try {
        const receipt = request.receipt;
        if (!receipt) throw new BadRequestError("VerifyRequest without a receipt");
        checkReceiptShape(receipt);
        await verifyReceiptSignature(domain, receipt);
        if (!bytesEqual(sha256(request.input), receipt.inputHash))
          throw new BadRequestError("input does not match the receipt's input hash");
        let module = request.module.length > 0 ? request.module : await blobs.get(receipt.moduleHash);
        if (!module)
          throw new BadRequestError(`module ${toHex(receipt.moduleHash)} not provided and not cached`);
        if (!bytesEqual(sha256(module), receipt.moduleHash))
          throw new BadRequestError("module does not match the receipt's module hash");
        if (request.module.length > 0)
          await blobs.putVerified(receipt.moduleHash, module).catch(() => undefined);
        module = module as Uint8Array;
        const stateBefore = encodeMessage(StateSnapshot, request.stateBefore ?? { entries: [] });
        const result = await reexecutor.reexecute(receipt, module, request.input, stateBefore);
        const o = result.outcome;
        const unsigned: Attestation = {
          receiptHash: hashReceipt(domain, receipt),
          sessionId: receipt.sessionId,
          leaseId: receipt.leaseId,
          sequence: receipt.sequence,
          outputHash: sha256(o.output),
          stateRootAfter: o.stateRootAfter,
          fuelUsed: o.fuelUsed,
          status: o.status,
          mismatch: !result.match,
          verifier: signer.address,
          signature: new Uint8Array(0),
        };
        const attestation = await signAttestation(domain, unsigned, signer);
        if (attestation.mismatch && components.challenger) {
          // The challenge goes on-chain in the background: the attestation is the answer.
          components.challenger
            .challenge(receipt, attestation)
            .then((tx) => components.onVerified?.({ mismatch: true, challengeTx: tx }))
            .catch((challengeError) => components.onVerified?.({ mismatch: true, challengeError }));
        } else {
          components.onVerified?.({ mismatch: attestation.mismatch });
        }
        return { kind: { $case: "attestation", value: attestation } };
      } catch (err) {
        return errorResponse(err);
      }
    },
  };
}
