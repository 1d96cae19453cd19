/**
 * The gRPC API (SchedulerService + AdminService from @padmesh/proto) on 127.0.0.1. Every
 * state-changing call is authenticated with its RequestAuth (EIP-191 over the request encoded
 * without auth, the method name and a nonce; replays inside the window are refused).
 */
import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from "@grpc/grpc-js";
import {
  AdminService,
  CloseSessionRequest,
  CreateSessionRequest,
  type ExplainPlacementRequest,
  encodeMessage,
  type GetReceiptsRequest,
  type MessageFns,
  NonceWindow,
  PutBlobRequest,
  type RequestAuth,
  SchedulerService,
  type SessionEvent,
  SubmitStepRequest,
  SubmitVoucherRequest,
  toHex,
  UnauthenticatedError,
  verifyRequest,
  WatchSessionRequest,
} from "@padmesh/proto";
import type { Address } from "viem";
import type { BlobStore } from "../blob/store.js";
import { InvalidRequestError } from "../errors.js";
import type { ParamsStore } from "../governance/params.js";
import type { SchedulerMetrics } from "../metrics/metrics.js";
import type { AdvertIndex } from "../placement/interface.js";
import { leaseInfo } from "../session/convert.js";
import type { SessionManager } from "../session/manager.js";
import { toServiceError } from "./status.js";

export interface GrpcLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface GrpcApiComponents {
  manager: SessionManager;
  blobs: BlobStore;
  params: ParamsStore;
  index: AdvertIndex;
  metrics: SchedulerMetrics;
  logger: GrpcLogger;
  now?: () => number;
}

export interface GrpcApiInit {
  host: string;
  port: number;
}

export interface GrpcApi {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** host:port once started. */
  readonly address: string;
}

export function createGrpcApi(components: GrpcApiComponents, init: GrpcApiInit): GrpcApi {
  const { manager, blobs, params, index, metrics, logger } = components;
  const now = components.now ?? Date.now;
  const nonces = new NonceWindow();
  const server = new Server({ "grpc.max_receive_message_length": blobs.maxBytes + 64 * 1024 });
  let address = "";

  async function authenticate<T extends { auth?: RequestAuth | undefined }>(
    method: string,
    type: MessageFns<T>,
    req: T,
  ): Promise<Address> {
    const body = encodeMessage(type, { ...req, auth: undefined });
    try {
      return await verifyRequest(method, body, req.auth, { nowMs: now(), nonces });
    } catch (err) {
      metrics.refused.add(1, { reason: "unauthenticated", method });
      throw err instanceof UnauthenticatedError
        ? err
        : new UnauthenticatedError("verification failed", { cause: err });
    }
  }

  function unary<Req, Res>(method: string, fn: (req: Req) => Promise<Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      fn(call.request).then(
        (res) => callback(null, res),
        (err) => {
          const se = toServiceError(err);
          if (se.metadata?.get("retry-after-ms").length)
            metrics.refused.add(1, { reason: "resource_exhausted", method });
          logger.debug({ method, code: se.code, details: se.details }, "request failed");
          callback(se, null);
        },
      );
    };
  }

  server.addService(SchedulerService, {
    createSession: unary("CreateSession", async (req: CreateSessionRequest) => {
      const signer = await authenticate("CreateSession", CreateSessionRequest, req);
      return manager.createSession(req, signer);
    }),
    submitStep: unary("SubmitStep", async (req: SubmitStepRequest) => {
      const signer = await authenticate("SubmitStep", SubmitStepRequest, req);
      return manager.submitStep(req, signer);
    }),
    watchSession: (call: ServerWritableStream<WatchSessionRequest, SessionEvent>) => {
      const ac = new AbortController();
      call.on("cancelled", () => ac.abort());
      call.on("close", () => ac.abort());
      void (async () => {
        const req = call.request;
        const signer = await authenticate("WatchSession", WatchSessionRequest, req);
        const sid = toHex(req.sessionId);
        manager.authorize(sid, signer);
        for await (const ev of manager.watch(sid, req.afterCursor, ac.signal)) {
          if (ac.signal.aborted) break;
          if (!call.write(ev)) await new Promise<void>((r) => call.once("drain", () => r()));
        }
        call.end();
      })().catch((err) => {
        // Emitting "error" (not destroy) is what makes grpc-js send the status: a destroyed stream
        // never sends one, and a refused watch would hang open instead of answering UNAUTHENTICATED.
        if (!ac.signal.aborted)
          call.emit(
            "error",
            Object.assign(new Error(String(toServiceError(err).details)), toServiceError(err)),
          );
      });
    },
    getReceipts: unary("GetReceipts", async (req: GetReceiptsRequest) => ({
      receipts: await manager.receipts(toHex(req.sessionId), req.fromSequence, req.limit || 100),
    })),
    closeSession: unary("CloseSession", async (req: CloseSessionRequest) => {
      const signer = await authenticate("CloseSession", CloseSessionRequest, req);
      const leases = await manager.closeSession(toHex(req.sessionId), signer);
      return { leases: leases.map(leaseInfo) };
    }),
    explainPlacement: unary("ExplainPlacement", async (req: ExplainPlacementRequest) => ({
      sessionId: req.sessionId,
      roles: await manager.explain(toHex(req.sessionId)),
    })),
    submitVoucher: unary("SubmitVoucher", async (req: SubmitVoucherRequest) => {
      const signer = await authenticate("SubmitVoucher", SubmitVoucherRequest, req);
      if (!req.voucher) throw new InvalidRequestError("voucher missing");
      await manager.submitVoucher(req.voucher, signer);
      return {};
    }),
    putBlob: unary("PutBlob", async (req: PutBlobRequest) => {
      await authenticate("PutBlob", PutBlobRequest, req);
      return { hash: await blobs.put(req.data) };
    }),
  });

  server.addService(AdminService, {
    listNodes: unary("ListNodes", async () => ({
      nodes: [...index.all()].map((n) => ({
        advert: n.advert,
        lastSeenMs: BigInt(n.lastSeenMs),
        failures: Math.round(n.failures),
        reputation: n.reputation,
      })),
    })),
    getParams: unary("GetParams", async () => ({
      params: [...params.values()].map(([name, v]) => ({ name, value: v.toString() })),
      blockNumber: params.blockNumber(),
    })),
  });

  return {
    get address() {
      return address;
    },
    async start() {
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`${init.host}:${init.port}`, ServerCredentials.createInsecure(), (err, p) =>
          err ? reject(err) : resolve(p),
        ),
      );
      address = `${init.host}:${port}`;
      logger.info({ address }, "gRPC API listening");
    },
    async stop() {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2_000);
        server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
  };
}
