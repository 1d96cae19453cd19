/**
 * The node's protocol handlers as pure frame functions: request bytes in, response bytes (or a
 * typed error) out. The libp2p wiring (protocols/register.ts) and the fuzz tests both call
 * these, so every protocol's treatment of garbage is tested without a network.
 */
import {
  BlobRequest,
  BlobResponse,
  CoordinateRequest,
  CoordinateResponse,
  decodeMessage,
  encodeMessage,
  LeaseRequest,
  LeaseResponse,
  MAX_FRAME_BYTES,
  PadMeshError,
  StepInput,
  StepResult,
  VerifyRequest,
  VerifyResponse,
} from "@padmesh/proto";
import type { BlobStore } from "../blobs/blob-store.js";
import type { CoordinateService } from "../coordinate/coordinate-service.js";
import type { LeaseService } from "../leases/lease-service.js";
import type { StepService } from "../steps/step-service.js";
import type { VerifyService } from "../verify/verify-service.js";

export type FrameOutcome = { ok: true; response: Uint8Array } | { ok: false; error: PadMeshError };

export interface FrameContext {
  remotePeer?: string;
  signal?: AbortSignal;
}

export type FrameHandler = (frame: Uint8Array, ctx: FrameContext) => Promise<FrameOutcome>;

export interface FrameHandlers {
  lease: FrameHandler;
  step: FrameHandler;
  blob: FrameHandler;
  verify: FrameHandler;
  coordinate: FrameHandler;
}

export interface FrameHandlerComponents {
  leases: LeaseService;
  steps: StepService;
  blobs: BlobStore;
  verify?: VerifyService;
  coordinate: CoordinateService;
  /** Peer ids allowed to send verify requests (schedulers of this node's verification leases). */
  mayVerify?(remotePeer: string | undefined): boolean;
}

function decodeOrError<T>(
  type: Parameters<typeof decodeMessage<T>>[0],
  name: string,
  frame: Uint8Array,
  max = MAX_FRAME_BYTES,
): T | PadMeshError {
  try {
    return decodeMessage(type, name, frame, { maxBytes: max });
  } catch (err) {
    return err as PadMeshError;
  }
}

/** The handler's signal and sender, as the services take them (absent fields left out). */
function callOptions(ctx: FrameContext): { signal?: AbortSignal; remotePeer?: string } {
  return {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.remotePeer ? { remotePeer: ctx.remotePeer } : {}),
  };
}

export function createFrameHandlers(c: FrameHandlerComponents): FrameHandlers {
  return {
    async lease(frame, ctx) {
      const req = decodeOrError(LeaseRequest, "LeaseRequest", frame);
      if (req instanceof PadMeshError) return { ok: false, error: req };
      if (!req.kind)
        return { ok: false, error: new PadMeshError("ERR_BAD_REQUEST", "LeaseRequest with no kind") };
      const res = await c.leases.handle(req, callOptions(ctx));
      return { ok: true, response: encodeMessage(LeaseResponse, res) };
    },
    async step(frame, ctx) {
      const req = decodeOrError(StepInput, "StepInput", frame);
      if (req instanceof PadMeshError) return { ok: false, error: req };
      if (req.leaseId.length !== 32)
        return {
          ok: false,
          error: new PadMeshError("ERR_BAD_REQUEST", "StepInput.leaseId must be 32 bytes"),
        };
      const res = await c.steps.handle(req, callOptions(ctx));
      return { ok: true, response: encodeMessage(StepResult, res) };
    },
    async coordinate(frame, ctx) {
      const req = decodeOrError(CoordinateRequest, "CoordinateRequest", frame);
      if (req instanceof PadMeshError) return { ok: false, error: req };
      if (req.step?.leaseId.length !== 32)
        return {
          ok: false,
          error: new PadMeshError("ERR_BAD_REQUEST", "CoordinateRequest.step.leaseId must be 32 bytes"),
        };
      const res = await c.coordinate.handle(req, callOptions(ctx));
      return { ok: true, response: encodeMessage(CoordinateResponse, res) };
    },
    async blob(frame) {
      const req = decodeOrError(BlobRequest, "BlobRequest", frame);
      if (req instanceof PadMeshError) return { ok: false, error: req };
      if (req.hash.length !== 32)
        return { ok: false, error: new PadMeshError("ERR_BAD_REQUEST", "BlobRequest.hash must be 32 bytes") };
      const data = await c.blobs.get(req.hash);
      const res: BlobResponse = data
        ? { hash: req.hash, data, notFound: false }
        : { hash: req.hash, data: new Uint8Array(0), notFound: true };
      return { ok: true, response: encodeMessage(BlobResponse, res) };
    },
    async verify(frame, ctx) {
      const req = decodeOrError(VerifyRequest, "VerifyRequest", frame);
      if (req instanceof PadMeshError) return { ok: false, error: req };
      if (!c.verify || !(c.mayVerify?.(ctx.remotePeer) ?? true)) {
        const res: VerifyResponse = {
          kind: {
            $case: "error",
            value: {
              code: "ERR_NOT_VERIFIER",
              message: "no verification lease for this peer",
              receipt: undefined,
              spans: [],
            },
          },
        };
        return { ok: true, response: encodeMessage(VerifyResponse, res) };
      }
      const res = await c.verify.handle(req);
      return { ok: true, response: encodeMessage(VerifyResponse, res) };
    },
  };
}
