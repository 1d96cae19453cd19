/** Adverts: the publisher's sequence survives restarts; the validator's verdicts feed gossip scoring. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TopicValidatorResult } from "@libp2p/gossipsub";
import {
  BandwidthSource,
  createKeySigner,
  encodeMessage,
  type MeshDomain,
  ResourceAdvert,
  type ResourceDescriptor,
  Role,
  signAdvert,
} from "@padmesh/proto";
import { afterAll, describe, expect, it } from "vitest";
import { createLevelJournal } from "../journal/level-journal.js";
import { buildAdvert, descriptorChanged, offeredCapacity } from "./advert-builder.js";
import { createAdvertValidator } from "./advert-validator.js";

const domain: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x00000000000000000000000000000000000000ee",
};
const signer = createKeySigner("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const descriptor: ResourceDescriptor = {
  cpuCores: 8,
  cpuModel: "test",
  ramBytes: 16n << 30n,
  gpus: [{ vendor: "nvidia", model: "H100", vramBytes: 80n << 30n, count: 2 }],
  bandwidthUpBps: 1_000_000_000n,
  bandwidthDownBps: 1_000_000_000n,
  bandwidthSource: BandwidthSource.BANDWIDTH_SOURCE_MEASURED,
  region: "eu",
  engines: ["wasm32-fuel-v1"],
  diskBytes: 1n << 40n,
};
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function advert(peerId: string, sequence: bigint, nowMs = Date.now(), by = signer) {
  return encodeMessage(
    ResourceAdvert,
    await signAdvert(
      domain,
      buildAdvert({
        peerId,
        operator: by.address,
        descriptor,
        roles: [{ role: Role.ROLE_COMPUTE, pricePerFuel: 5n }],
        free: offeredCapacity(descriptor, 0.5, 4),
        sequence,
        nowMs,
        ttlMs: 30_000,
        multiaddrs: [],
        runningLeases: 0,
      }),
      by,
    ),
  );
}

describe("adverts", () => {
  it("takes strictly increasing sequences across journal restarts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-adseq-"));
    dirs.push(dir);
    const seen: bigint[] = [];
    for (let run = 0; run < 3; run++) {
      const j = createLevelJournal({ path: dir });
      await j.open();
      seen.push(await j.nextAdvertSequence(), await j.nextAdvertSequence());
      await j.close();
    }
    expect(seen).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
  });

  it("accepts valid adverts, ignores stale ones, rejects forged, unstaked and misattributed ones", async () => {
    const staked = new Set([signer.address.toLowerCase()]);
    const v = createAdvertValidator({ domain, isStaked: (op) => staked.has(op.toLowerCase()) });
    expect(await v.validate(await advert("peerA", 5n), "peerA")).toBe(TopicValidatorResult.Accept);
    expect(await v.validate(await advert("peerA", 5n), "peerA")).toBe(TopicValidatorResult.Ignore);
    expect(await v.validate(await advert("peerA", 4n), "peerA")).toBe(TopicValidatorResult.Ignore);
    expect(await v.validate(await advert("peerA", 6n), "peerA")).toBe(TopicValidatorResult.Accept);
    const forged = ResourceAdvert.decode(await advert("peerB", 1n));
    forged.signature = new Uint8Array(65).fill(1);
    expect(await v.validate(encodeMessage(ResourceAdvert, forged), "peerB")).toBe(
      TopicValidatorResult.Reject,
    );
    const stranger = createKeySigner("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    expect(await v.validate(await advert("peerC", 1n, Date.now(), stranger), "peerC")).toBe(
      TopicValidatorResult.Reject,
    );
    expect(await v.validate(await advert("peerD", 1n), "someone-else")).toBe(TopicValidatorResult.Reject);
    expect(await v.validate(await advert("peerE", 1n, Date.now() - 60_000), "peerE")).toBe(
      TopicValidatorResult.Reject,
    );
    expect(await v.validate(new Uint8Array([1, 2, 3]), "peerF")).toBe(TopicValidatorResult.Reject);
  });

  it("re-advertises only on a real hardware change", () => {
    expect(descriptorChanged(descriptor, { ...descriptor, bandwidthUpBps: 950_000_000n })).toBe(false);
    expect(descriptorChanged(descriptor, { ...descriptor, bandwidthUpBps: 500_000_000n })).toBe(true);
    expect(descriptorChanged(descriptor, { ...descriptor, gpus: [] })).toBe(true);
    expect(offeredCapacity(descriptor, 0.5, 4)).toMatchObject({
      cpuMillis: 4000,
      gpus: 2,
      vramBytes: 160n << 30n,
    });
  });
});
