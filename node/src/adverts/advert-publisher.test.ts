/** The publisher on a real libp2p host and journal: re-probing picks up a hardware change and re-advertises it. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@libp2p/crypto/keys";
import {
  BandwidthSource,
  createKeySigner,
  createMeshHost,
  type MeshDomain,
  type ResourceDescriptor,
  Role,
  verifyAdvertSignature,
} from "@padmesh/proto";
import { afterAll, describe, expect, it } from "vitest";
import { createLevelJournal } from "../journal/level-journal.js";
import { createLedger, reserve } from "../leases/capacity.js";
import { createAdvertPublisher } from "./advert-publisher.js";

const domain: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x00000000000000000000000000000000000000ef",
};
const signer = createKeySigner("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const base: ResourceDescriptor = {
  cpuCores: 4,
  cpuModel: "test",
  ramBytes: 8n << 30n,
  gpus: [],
  bandwidthUpBps: 0n,
  bandwidthDownBps: 0n,
  bandwidthSource: BandwidthSource.BANDWIDTH_SOURCE_INTERFACE_SPEED,
  region: "local",
  engines: ["wasm32-fuel-v1"],
  diskBytes: 1n << 30n,
};
let dir: string;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};

describe("advert publisher", () => {
  it("advertises at start, on a capacity change and on a hardware change, with fresh sequences", async () => {
    dir = await mkdtemp(join(tmpdir(), "padmesh-pub-"));
    const journal = createLevelJournal({ path: dir });
    await journal.open();
    const host = await createMeshHost({
      privateKey: await generateKeyPair("Ed25519"),
      listen: ["/ip4/127.0.0.1/tcp/0"],
    });
    const ledger = createLedger({
      cpuMillis: 4000,
      ramBytes: 8n << 30n,
      vramBytes: 0n,
      gpus: 0,
      leaseSlots: 2,
    });
    let hardware = base;
    const published: bigint[] = [];
    const publisher = createAdvertPublisher(
      {
        pubsub: host.services.pubsub,
        journal,
        signer,
        domain,
        ledger,
        peerId: host.peerId.toString(),
        multiaddrs: () => host.getMultiaddrs().map(String),
        runningLeases: () => ledger.holds.size,
        probe: async () => hardware,
        onPublished: (a) => published.push(a.sequence),
      },
      {
        descriptor: base,
        roles: [{ role: Role.ROLE_COMPUTE, pricePerFuel: 1n }],
        intervalMs: 60_000,
        ttlMs: 30_000,
        probeIntervalMs: 50,
        debounceMs: 10,
      },
    );
    try {
      await publisher.start();
      expect(published).toEqual([1n]);
      await verifyAdvertSignature(domain, publisher.last as never);
      reserve(
        ledger,
        "lease",
        { cpuMillis: 1000, ramBytes: 0n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
        Date.now(),
        10_000,
        10_000,
      );
      publisher.changed();
      await waitFor(() => published.length === 2);
      expect(publisher.last?.free?.cpuMillis).toBe(3000);
      hardware = { ...base, gpus: [{ vendor: "nvidia", model: "L4", vramBytes: 24n << 30n, count: 1 }] };
      await waitFor(() => publisher.last?.descriptor?.gpus.length === 1);
      expect(published.at(-1)).toBe(3n);
    } finally {
      await publisher.stop();
      await host.stop();
      await journal.close();
    }
  });
});
