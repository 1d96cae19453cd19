/**
 * One long-lived stream carrying ordered request → response pairs (the lease, step and verify
 * protocols). Requests are pipelined: each is written at once and responses are matched in
 * FIFO order. A timeout or abort leaves a response owed on the wire, so it resets the whole
 * channel (later requests fail with StreamClosedError); open a new stream to carry on.
 */
import type { AbortOptions, MessageStream } from "@libp2p/interface";
import type { MessageFns } from "../codec.js";
import { PadMeshError } from "../errors.js";
import { AbortedError, RequestTimeoutError, StreamClosedError } from "./errors.js";
import { createFrameStream, type FrameStream } from "./frame-stream.js";

export interface RequestChannelInit<Req, Res> {
  /** Protocol id, for error messages. */
  protocol: string;
  request: MessageFns<Req>;
  response: MessageFns<Res>;
  /** Message name used in decode errors, e.g. "LeaseResponse". */
  responseName: string;
  /** Per-request deadline; defaults to 30 s. */
  timeoutMs?: number;
  maxFrameBytes?: number;
}

export interface RequestChannel<Req, Res> {
  request(message: Req, options?: AbortOptions & { timeoutMs?: number }): Promise<Res>;
  /** Close our end gracefully (after outstanding responses arrive). */
  close(options?: AbortOptions): Promise<void>;
  /** True once the channel was reset or closed; open a new stream then. */
  readonly closed: boolean;
}

/**
 * @example
 * const steps = createRequestChannel(await libp2p.dialProtocol(peer, PROTOCOL.step), {
 *   protocol: PROTOCOL.step, request: StepInput, response: StepResult, responseName: "StepResult",
 * });
 * const result = await steps.request(input, { signal });
 */
export function createRequestChannel<Req, Res>(
  stream: MessageStream,
  init: RequestChannelInit<Req, Res>,
): RequestChannel<Req, Res> {
  const frames: FrameStream = createFrameStream(stream, { maxFrameBytes: init.maxFrameBytes });
  const defaultTimeout = init.timeoutMs ?? 30_000;
  let reads: Promise<unknown> = Promise.resolve();
  let broken: PadMeshError | undefined;
  let closing = false;

  function breakChannel(err: PadMeshError): void {
    if (!broken) {
      broken = err;
      frames.abort(err);
    }
  }

  return {
    get closed() {
      return broken !== undefined || closing;
    },
    async request(message, options = {}) {
      if (broken) throw new StreamClosedError(`${init.protocol} channel is broken`, { cause: broken });
      if (closing) throw new StreamClosedError(`${init.protocol} channel is closing`);
      options.signal?.throwIfAborted();
      const timeoutMs = options.timeoutMs ?? defaultTimeout;
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
      try {
        await frames.write(init.request, message, { signal });
      } catch (err) {
        const e = asWireError(err, init.protocol, deadline, timeoutMs);
        breakChannel(e);
        throw e;
      }
      const mine = reads.then(async () => {
        if (broken) throw new StreamClosedError(`${init.protocol} channel is broken`, { cause: broken });
        const res = await frames.read(init.response, init.responseName, { signal });
        if (res === null) throw new StreamClosedError(`${init.protocol}: remote closed before responding`);
        return res;
      });
      reads = mine.catch(() => undefined);
      try {
        return await mine;
      } catch (err) {
        const e = asWireError(err, init.protocol, deadline, timeoutMs);
        breakChannel(e);
        throw e;
      }
    },
    async close(options) {
      closing = true;
      await reads;
      if (!broken) await frames.close(options);
    },
  };
}

function asWireError(err: unknown, protocol: string, deadline: AbortSignal, timeoutMs: number): PadMeshError {
  if (deadline.aborted) return new RequestTimeoutError(protocol, timeoutMs);
  if (err instanceof PadMeshError) return err;
  if (err instanceof Error && err.name === "AbortError") return new AbortedError(protocol, { cause: err });
  return new StreamClosedError(protocol, { cause: err });
}
