/**
 * Serves blobs (modules uploaded by projects, replicated checkpoints) to nodes over
 * `/padmesh/blob/1.0.0`: BlobRequest → BlobResponse, in order on one stream.
 */
import {
  BlobRequest,
  BlobResponse,
  MAX_BLOB_BYTES,
  type MeshHost,
  PROTOCOL,
  serveRequests,
} from "@padmesh/proto";
import type { BlobStore } from "../blob/store.js";

export interface BlobServerComponents {
  host: MeshHost;
  blobs: BlobStore;
  logger: { debug(obj: object, msg: string): void };
}

export interface BlobServer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createBlobServer(components: BlobServerComponents): BlobServer {
  const { host, blobs, logger } = components;
  return {
    async start() {
      await host.handle(
        PROTOCOL.blob,
        (stream) =>
          serveRequests(stream, {
            request: BlobRequest,
            requestName: "BlobRequest",
            response: BlobResponse,
            maxFrameBytes: MAX_BLOB_BYTES + 1024,
            async handle(req) {
              const data = await blobs.get(req.hash);
              return data
                ? { hash: req.hash, data, notFound: false }
                : { hash: req.hash, data: new Uint8Array(0), notFound: true };
            },
            onInvalid: (err) => logger.debug({ code: err.code }, "bad blob request"),
          }),
        { maxInboundStreams: 64 },
      );
    },
    async stop() {
      await host.unhandle(PROTOCOL.blob);
    },
  };
}
