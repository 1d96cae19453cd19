import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { streamPair } from "@libp2p/utils";
import { afterAll, describe, expect, it } from "vitest";
import { PROTOCOL } from "../constants.js";
import type { PadMeshError } from "../errors.js";
import { BlobRequest, BlobResponse } from "../gen/padmesh/v1/step.js";
import { StreamClosedError } from "./errors.js";
import { encodeFrame } from "./frame-codec.js";
import { createMeshHost } from "./host.js";
import { loadOrCreatePeerKey } from "./peer-key.js";
import { createRequestChannel } from "./request-channel.js";
import { serveRequests } from "./serve.js";

const echoBlob = (req: BlobRequest): BlobResponse => ({ hash: req.hash, data: req.hash, notFound: false });

describe("request channel over a stream pair", () => {
  it("pipelines ordered request/response pairs", async () => {
    const [a, b] = await streamPair();
    const served = serveRequests(b, {
      request: BlobRequest,
      requestName: "BlobRequest",
      response: BlobResponse,
      handle: echoBlob,
    });
    const ch = createRequestChannel(a, {
      protocol: PROTOCOL.blob,
      request: BlobRequest,
      response: BlobResponse,
      responseName: "BlobResponse",
    });
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => ch.request({ hash: new Uint8Array([i]) })),
    );
    expect(replies.map((r) => r.data[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await ch.close();
    await served;
  });

  it("reports garbage to onInvalid with a typed error and resets the stream", async () => {
    const [a, b] = await streamPair();
    const invalid: PadMeshError[] = [];
    const served = serveRequests(b, {
      request: BlobRequest,
      requestName: "BlobRequest",
      response: BlobResponse,
      handle: echoBlob,
      onInvalid: (e) => invalid.push(e),
      maxFrameBytes: 64,
    });
    a.send(encodeFrame(new Uint8Array(65)));
    await served;
    expect(invalid[0]?.code).toBe("ERR_FRAME_TOO_LARGE");
  });

  it("fails pending requests with StreamClosedError when the remote goes away", async () => {
    const [a, b] = await streamPair();
    const ch = createRequestChannel(a, {
      protocol: PROTOCOL.blob,
      request: BlobRequest,
      response: BlobResponse,
      responseName: "BlobResponse",
    });
    const p = ch.request({ hash: new Uint8Array([1]) });
    await b.close();
    await expect(p).rejects.toBeInstanceOf(StreamClosedError);
    expect(ch.closed).toBe(true);
  });
});

describe("createMeshHost", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("keeps its peer id across restarts and serves a protocol to a bootstrapped peer", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-wire-"));
    dirs.push(dir);
    const keyA = await loadOrCreatePeerKey(join(dir, "a.key"));
    const again = await loadOrCreatePeerKey(join(dir, "a.key"));
    expect(again.publicKey.equals(keyA.publicKey)).toBe(true);
    const a = await createMeshHost({ privateKey: keyA, listen: ["/ip4/127.0.0.1/tcp/0"] });
    await a.handle(PROTOCOL.blob, (stream) =>
      serveRequests(stream, {
        request: BlobRequest,
        requestName: "BlobRequest",
        response: BlobResponse,
        handle: echoBlob,
      }),
    );
    const b = await createMeshHost({
      privateKey: await loadOrCreatePeerKey(join(dir, "b.key")),
      listen: ["/ip4/127.0.0.1/tcp/0"],
      bootstrap: a.getMultiaddrs().map((m) => m.toString()),
    });
    try {
      const stream = await b.dialProtocol(a.getMultiaddrs()[0] as never, PROTOCOL.blob);
      const ch = createRequestChannel(stream, {
        protocol: PROTOCOL.blob,
        request: BlobRequest,
        response: BlobResponse,
        responseName: "BlobResponse",
      });
      const res = await ch.request({ hash: new Uint8Array([9, 9]) });
      expect(Array.from(res.data)).toEqual([9, 9]);
      await ch.close();
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
