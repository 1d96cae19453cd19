import { generateKeyPair } from "@libp2p/crypto/keys";
import {
  createMeshHost,
  LeaseRequest,
  LeaseResponse,
  type MeshHost,
  PROTOCOL,
  serveRequests,
} from "@padmesh/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeClient } from "./node-client.js";

let node: MeshHost;
let scheduler: MeshHost;

beforeAll(async () => {
  node = await createMeshHost({
    privateKey: await generateKeyPair("Ed25519"),
    listen: ["/ip4/127.0.0.1/tcp/0"],
  });
  // A node that acknowledges every lease request (what it does with a voucher).
  await node.handle(PROTOCOL.lease, (stream) =>
    serveRequests(stream, {
      request: LeaseRequest,
      requestName: "LeaseRequest",
      response: LeaseResponse,
      handle: (req): LeaseResponse => ({
        kind: {
          $case: "ack",
          value: req.kind?.$case === "voucher" ? req.kind.value.leaseId : new Uint8Array(0),
        },
      }),
    }),
  );
  scheduler = await createMeshHost({
    privateKey: await generateKeyPair("Ed25519"),
    listen: ["/ip4/127.0.0.1/tcp/0"],
  });
});

afterAll(async () => {
  await scheduler?.stop();
  await node?.stop();
});

describe("node client", () => {
  it("requests for ended leases leave no channel open (libp2p allows 64 streams per protocol)", async () => {
    const client = createNodeClient(
      { host: scheduler },
      { leaseTimeoutMs: 5_000, stepTimeoutMs: 5_000, verifyTimeoutMs: 5_000 },
    );
    const peer = node.peerId.toString();
    await client.learnAddresses(
      peer,
      node.getMultiaddrs().map((a) => a.toString()),
    );
    const voucher = (i: number): LeaseRequest => ({
      kind: {
        $case: "voucher",
        value: {
          sessionId: new Uint8Array(32),
          leaseId: new Uint8Array(32).fill(i),
          operator: "0x0000000000000000000000000000000000000001",
          cumulativeAmount: "1",
          lastReceiptHash: new Uint8Array(32),
          receiptCount: 1n,
          signature: new Uint8Array(65),
        },
      },
    });
    // 100 leases: each used on its channel, ended (forget), then sent two late vouchers.
    for (let i = 0; i < 100; i++) {
      const leaseId = `0x${i.toString(16).padStart(64, "0")}`;
      expect((await client.lease(peer, leaseId, voucher(i))).kind?.$case).toBe("ack");
      await client.forget(leaseId);
      for (let late = 0; late < 2; late++) {
        const res = await client.lease(peer, leaseId, voucher(i), { oneShot: true });
        expect(res.kind?.$case).toBe("ack");
      }
    }
    // Streams of ended leases were closed: at most the open ones remain.
    const open = scheduler
      .getConnections()
      .flatMap((c) => c.streams)
      .filter((s) => s.protocol === PROTOCOL.lease && s.status === "open");
    expect(open.length).toBeLessThanOrEqual(1);
    await client.stop();
  });
});
