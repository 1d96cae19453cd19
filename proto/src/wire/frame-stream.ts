/**
 * Protobuf frames over a libp2p 3 stream: reads go through the pure FrameDecoder (size limit
 * enforced before buffering), writes honour backpressure (`send` → `drain`). Every failure is
 * a typed PadMeshError: FrameTooLargeError, ProtoDecodeError, StreamClosedError, AbortedError.
 */
import type { AbortOptions, MessageStream } from "@libp2p/interface";
import { decodeMessage, encodeMessage, type MessageFns } from "../codec.js";
import { MAX_FRAME_BYTES } from "../constants.js";
import { PadMeshError } from "../errors.js";
import { AbortedError, StreamClosedError } from "./errors.js";
import { encodeFrame, FrameDecoder } from "./frame-codec.js";

export interface FrameStreamInit {
  /** Largest frame accepted from the remote; defaults to MAX_FRAME_BYTES. */
  maxFrameBytes?: number;
}

export interface FrameStream {
  /** The next raw frame, or null when the remote closed cleanly between frames. */
  readFrame(options?: AbortOptions): Promise<Uint8Array | null>;
  /** The next frame decoded as `type`, or null at a clean end of stream. */
  read<T>(type: MessageFns<T>, name: string, options?: AbortOptions): Promise<T | null>;
  writeFrame(payload: Uint8Array, options?: AbortOptions): Promise<void>;
  write<T>(type: MessageFns<T>, message: T, options?: AbortOptions): Promise<void>;
  /** Close our writing end gracefully. */
  close(options?: AbortOptions): Promise<void>;
  /** Reset the stream (protocol violation, timeout). */
  abort(err: Error): void;
  readonly stream: MessageStream;
}

/**
 * Wrap a libp2p stream for framed protobuf traffic.
 * @example
 * const frames = createFrameStream(await libp2p.dialProtocol(peer, PROTOCOL.lease));
 * await frames.write(LeaseRequest, { kind: { $case: "offer", value: offer } });
 * const res = await frames.read(LeaseResponse, "LeaseResponse", { signal });
 */
export function createFrameStream(stream: MessageStream, init: FrameStreamInit = {}): FrameStream {
  const maxFrameBytes = init.maxFrameBytes ?? MAX_FRAME_BYTES;
  const decoder = new FrameDecoder(maxFrameBytes);
  const source = stream[Symbol.asyncIterator]();
  let ended = false;
  // A read abandoned by its AbortSignal leaves its `next()` in flight; the next read takes it
  // over so no chunk is lost.
  let inflight: Promise<IteratorResult<Uint8Array | { subarray(): Uint8Array }>> | undefined;

  async function nextChunk(signal: AbortSignal | undefined): Promise<Uint8Array | null> {
    if (ended) return null;
    inflight ??= source.next();
    const pending = inflight;
    let result: IteratorResult<Uint8Array | { subarray(): Uint8Array }>;
    try {
      result = signal ? await raceAbort(pending, signal) : await pending;
    } catch (cause) {
      if (cause instanceof PadMeshError) throw cause;
      inflight = undefined;
      throw new StreamClosedError("read failed", { cause });
    }
    inflight = undefined;
    if (result.done) {
      ended = true;
      return null;
    }
    const v = result.value;
    return v instanceof Uint8Array ? v : v.subarray();
  }

  const frames: FrameStream = {
    stream,
    async readFrame(options) {
      options?.signal?.throwIfAborted();
      for (;;) {
        const frame = decoder.next();
        if (frame) return frame;
        const chunk = await nextChunk(options?.signal);
        if (chunk === null) {
          if (decoder.pending > 0) throw new StreamClosedError("ended inside a frame");
          return null;
        }
        decoder.push(chunk);
      }
    },
    async read(type, name, options) {
      const frame = await frames.readFrame(options);
      if (frame === null) return null;
      return decodeMessage(type, name, frame, { maxBytes: maxFrameBytes });
    },
    async writeFrame(payload, options) {
      options?.signal?.throwIfAborted();
      if (stream.status !== "open") throw new StreamClosedError(`not writable (${stream.status})`);
      if (!stream.send(encodeFrame(payload))) {
        try {
          await stream.onDrain(options);
        } catch (cause) {
          throw new StreamClosedError("closed while waiting to write", { cause });
        }
      }
    },
    async write(type, message, options) {
      await frames.writeFrame(encodeMessage(type, message), options);
    },
    async close(options) {
      try {
        await stream.close(options);
      } catch (cause) {
        stream.abort(cause instanceof Error ? cause : new Error(String(cause)));
      }
    },
    abort(err) {
      stream.abort(err);
    },
  };
  return frames;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortedError("read", { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError("read", { cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
