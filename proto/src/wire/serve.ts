/**
 * The server side of a request/response protocol: read a request frame, hand it to a handler,
 * write its response, in order, until the remote closes. Bad input never throws out of here:
 * an undecodable or oversized frame is reported through `onInvalid` (the node penalises the
 * peer) and the stream is reset, because after garbage the framing cannot be trusted.
 */
import type { AbortOptions, MessageStream } from "@libp2p/interface";
import { decodeMessage, type MessageFns } from "../codec.js";
import { MAX_FRAME_BYTES } from "../constants.js";
import { PadMeshError } from "../errors.js";
import { StreamClosedError } from "./errors.js";
import { createFrameStream } from "./frame-stream.js";

export interface ServeInit<Req, Res> {
  request: MessageFns<Req>;
  /** Message name used in decode errors, e.g. "LeaseRequest". */
  requestName: string;
  response: MessageFns<Res>;
  /** Answer one request. Throwing resets the stream; return an error message instead where the protocol has one. */
  handle(request: Req, options: AbortOptions): Promise<Res> | Res;
  /** Called with the typed error when the remote sends garbage (bad frame, bad protobuf, oversized). */
  onInvalid?(err: PadMeshError): void;
  /** Called when the handler throws or the stream fails mid-way. */
  onError?(err: unknown): void;
  maxFrameBytes?: number;
  signal?: AbortSignal;
}

/**
 * Serve ordered request/response pairs on `stream` until it ends. Resolves when done; never rejects.
 * @example
 * await libp2p.handle(PROTOCOL.lease, (stream) => serveRequests(stream, { request: LeaseRequest, ... }));
 */
export async function serveRequests<Req, Res>(
  stream: MessageStream,
  init: ServeInit<Req, Res>,
): Promise<void> {
  const maxFrameBytes = init.maxFrameBytes ?? MAX_FRAME_BYTES;
  const frames = createFrameStream(stream, { maxFrameBytes });
  const signal = init.signal;
  for (;;) {
    let frame: Uint8Array | null;
    try {
      frame = await frames.readFrame({ signal });
    } catch (err) {
      if (err instanceof PadMeshError && err.code !== "ERR_STREAM_CLOSED" && err.code !== "ERR_ABORTED") {
        init.onInvalid?.(err);
      } else {
        init.onError?.(err);
      }
      frames.abort(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (frame === null) {
      await frames.close().catch(() => undefined);
      return;
    }
    let request: Req;
    try {
      request = decodeMessage(init.request, init.requestName, frame, { maxBytes: maxFrameBytes });
    } catch (err) {
      init.onInvalid?.(err as PadMeshError);
      frames.abort(err as Error);
      return;
    }
    try {
      const response = await init.handle(request, { signal });
      await frames.write(init.response, response, { signal });
    } catch (err) {
      init.onError?.(err);
      frames.abort(err instanceof Error ? err : new StreamClosedError(String(err)));
      return;
    }
  }
}
