/**
 * Wire the frame handlers onto libp2p: one long-lived stream per protocol use, frames read in
 * order, each answered before the next is read. Garbage (a bad frame, undecodable protobuf, a
 * frame over the limit, a request missing what the protocol needs) resets the stream and
 * penalises the sender; a banned peer's streams are refused outright.
 */
import type { Libp2p, Stream } from "@libp2p/interface";
import { createFrameStream, MAX_BLOB_BYTES, MAX_FRAME_BYTES, PadMeshError, PROTOCOL } from "@padmesh/proto";
import type { FrameHandler, FrameHandlers } from "./frame-handlers.js";
import type { PeerPenalties } from "./peer-penalties.js";

export interface RegisterComponents {
  libp2p: Libp2p;
  handlers: FrameHandlers;
  penalties: PeerPenalties;
  onInvalid?(protocol: string, peer: string, err: PadMeshError): void;
  signal?: AbortSignal;
}

const LIMITS: Record<keyof FrameHandlers, number> = {
  lease: MAX_FRAME_BYTES,
  step: MAX_FRAME_BYTES,
  blob: MAX_FRAME_BYTES,
  // A verify request may carry the module itself.
  verify: MAX_BLOB_BYTES + MAX_FRAME_BYTES,
  coordinate: MAX_FRAME_BYTES,
};

/** Serve one stream with one frame handler until it ends. Never throws. */
export async function serveFrames(
  stream: Stream,
  remotePeer: string,
  protocol: string,
  handler: FrameHandler,
  maxFrameBytes: number,
  c: Omit<RegisterComponents, "libp2p" | "handlers">,
): Promise<void> {
  if (c.penalties.isBanned(remotePeer)) {
    stream.abort(new PadMeshError("ERR_PEER_BANNED", `peer ${remotePeer} is banned`));
    return;
  }
  const frames = createFrameStream(stream, { maxFrameBytes });
  const invalid = (err: PadMeshError) => {
    c.penalties.penalise(remotePeer);
    c.onInvalid?.(protocol, remotePeer, err);
    frames.abort(err);
  };
  for (;;) {
    let frame: Uint8Array | null;
    try {
      frame = await frames.readFrame({ signal: c.signal });
    } catch (err) {
      if (
        err instanceof PadMeshError &&
        (err.code === "ERR_FRAME_TOO_LARGE" || err.code === "ERR_PROTO_DECODE")
      ) {
        invalid(err);
      } else {
        frames.abort(err instanceof Error ? err : new Error(String(err)));
      }
      return;
    }
    if (frame === null) {
      await frames.close().catch(() => undefined);
      return;
    }
    try {
      const out = await handler(frame, { remotePeer, signal: c.signal });
      if (!out.ok) {
        invalid(out.error);
        return;
      }
      await frames.writeFrame(out.response, { signal: c.signal });
    } catch (err) {
      frames.abort(err instanceof Error ? err : new Error(String(err)));
      return;
    }
  }
}

/** Register /padmesh/{lease,step,blob,verify,coordinate}/1.0.0 on the host. */
export async function registerProtocols(c: RegisterComponents): Promise<void> {
  const entries: Array<[keyof FrameHandlers, string]> = [
    ["lease", PROTOCOL.lease],
    ["step", PROTOCOL.step],
    ["blob", PROTOCOL.blob],
    ["verify", PROTOCOL.verify],
    ["coordinate", PROTOCOL.coordinate],
  ];
  for (const [name, protocol] of entries) {
    await c.libp2p.handle(
      protocol,
      (stream, connection) => {
        const peer = connection.remotePeer.toString();
        if (c.penalties.isBanned(peer)) {
          stream.abort(new PadMeshError("ERR_PEER_BANNED", `peer ${peer} is banned`));
          connection.close().catch(() => undefined);
          return;
        }
        void serveFrames(stream, peer, protocol, c.handlers[name], LIMITS[name], c);
      },
      { maxInboundStreams: name === "blob" ? 64 : 256, runOnLimitedConnection: false },
    );
  }
}
