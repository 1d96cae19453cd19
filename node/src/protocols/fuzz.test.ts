/**
 * Garbage on every protocol: ≥100k random frames through each pure frame handler (random bytes,
 * truncated and bit-flipped valid messages, wrong versions, oversized frames). Nothing may
 * throw out of a handler, hang, or be accepted as valid when it is not; garbage must come back
 * as a typed PadMeshError (which the wiring turns into a peer penalty).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { streamPair } from "@libp2p/utils";
import {
  BlobRequest,
  CoordinateRequest,
  createKeySigner,
  createMeshHost,
  encodeFrame,
  encodeMessage,
  LeaseRequest,
  MAX_FRAME_BYTES,
  type MeshHost,
  PadMeshError,
  PROTOCOL,
  Role,
  StepInput,
  sha256,
  VerifyRequest,
} from "@padmesh/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlobStore } from "../blobs/blob-store.js";
import { createCoordinateService } from "../coordinate/coordinate-service.js";
import { createLegClient } from "../coordinate/leg-client.js";
import type { NodeJournal } from "../journal/interface.js";
import { createLevelJournal } from "../journal/level-journal.js";
import { createSigningGuard } from "../journal/signing-guard.js";
import { createLedger } from "../leases/capacity.js";
import { createLeaseService } from "../leases/lease-service.js";
import { LeaseTable } from "../leases/lease-table.js";
import { createRuntimeExecutor } from "../steps/runtime-executor.js";
import { createStepService } from "../steps/step-service.js";
import { createRuntimeReexecutor } from "../verify/runtime-reexecutor.js";
import { createVerifyService } from "../verify/verify-service.js";
import { createFrameHandlers, type FrameHandlers } from "./frame-handlers.js";
import { createPeerPenalties } from "./peer-penalties.js";
import { serveFrames } from "./register.js";

const FRAMES = Number(process.env.PADMESH_FUZZ_FRAMES ?? 100_000);
const domain = { chainId: 31337n, verifyingContract: "0x00000000000000000000000000000000000000cc" } as const;
const signer = createKeySigner("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

let dir: string;
let journal: NodeJournal;
let handlers: FrameHandlers;
let host: MeshHost;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "padmesh-fuzz-"));
  journal = createLevelJournal({ path: join(dir, "journal"), sync: false });
  await journal.open();
  const blobs = createBlobStore({ dir: join(dir, "blobs") });
  const leases = new LeaseTable();
  const executor = createRuntimeExecutor();
  const steps = createStepService(
    { leases, guard: createSigningGuard({ journal, signer, domain }), executor, blobs },
    { maxFuelPerStep: 1000n },
  );
  host = await createMeshHost({
    privateKey: await generateKeyPair("Ed25519"),
    listen: ["/ip4/127.0.0.1/tcp/0"],
  });
  handlers = createFrameHandlers({
    leases: createLeaseService(
      {
        ledger: createLedger({ cpuMillis: 1000, ramBytes: 1n << 30n, vramBytes: 0n, gpus: 0, leaseSlots: 4 }),
        leases,
        journal,
        blobs,
        operator: signer.address,
        domain,
      },
      { roles: ["compute"], prices: {}, reservationMs: 1000 },
    ),
    steps,
    coordinate: createCoordinateService({
      leases,
      steps,
      legs: createLegClient({ libp2p: host, local: steps }),
      domain,
    }),
    blobs,
    verify: createVerifyService({ reexecutor: createRuntimeReexecutor({ executor }), signer, domain, blobs }),
    mayVerify: () => true,
  });
});
afterAll(async () => {
  await host.stop();
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic PRNG so a failure reproduces. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function validSeeds(): Record<keyof FrameHandlers, Uint8Array> {
  const h = sha256(new Uint8Array([1]));
  const step = {
    leaseId: h,
    sessionId: h,
    sequence: 1n,
    input: new Uint8Array(16),
    timestampMs: 1n,
    fuelLimit: 10n,
    moduleHash: new Uint8Array(0),
    traceparent: "",
  };
  return {
    lease: encodeMessage(LeaseRequest, {
      kind: {
        $case: "offer",
        value: {
          terms: {
            leaseId: h,
            sessionId: h,
            role: Role.ROLE_COMPUTE,
            moduleHash: h,
            resources: undefined,
            pricePerFuel: 1n,
            ttlMs: 1000n,
            maxFuelPerStep: 1n,
            project: "0x",
            scheduler: "",
            resumeCheckpoint: new Uint8Array(0),
            resumeSequence: 0n,
            coordinator: "",
          },
          offeredAtMs: 1n,
          reservationMs: 1n,
        },
      },
    }),
    step: encodeMessage(StepInput, step),
    blob: encodeMessage(BlobRequest, { hash: h }),
    coordinate: encodeMessage(CoordinateRequest, {
      step,
      hops: [
        {
          role: Role.ROLE_COMPUTE,
          leaseId: h,
          peerId: "12D3KooWFuzz",
          addrs: ["/ip4/127.0.0.1/tcp/1"],
          operator: signer.address,
          moduleHash: new Uint8Array(0),
        },
      ],
    }),
    verify: encodeMessage(VerifyRequest, {
      receipt: undefined,
      input: new Uint8Array(4),
      stateBefore: undefined,
      module: new Uint8Array(0),
    }),
  };
}

function garbage(rand: () => number, seed: Uint8Array): Uint8Array {
  const kind = Math.floor(rand() * 4);
  if (kind === 0) {
    const out = new Uint8Array(Math.floor(rand() * 64));
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(rand() * 256);
    return out;
  }
  if (kind === 1) return seed.subarray(0, Math.floor(rand() * seed.length)); // truncated
  const out = seed.slice();
  const flips = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < flips && out.length > 0; i++) {
    const at = Math.floor(rand() * out.length);
    out[at] = (out[at] as number) ^ (1 << Math.floor(rand() * 8)); // bit flips (tags, lengths, wire types)
  }
  if (kind === 3 && out.length > 0) out[0] = 0xff; // an unknown field number / wire type up front
  return out;
}

describe("protocol fuzz", () => {
  for (const name of ["lease", "step", "blob", "verify", "coordinate"] as const) {
    it(`${name}: ${FRAMES} random frames, no crash, typed errors`, async () => {
      const rand = prng(0xc0ffee + name.length);
      const seed = validSeeds()[name];
      const handler = handlers[name];
      let typed = 0;
      let answered = 0;
      for (let i = 0; i < FRAMES; i++) {
        const out = await handler(garbage(rand, seed), { remotePeer: "fuzzer" });
        if (out.ok) {
          if (out.response instanceof Uint8Array) answered++;
        } else if (out.error instanceof PadMeshError && out.error.code.startsWith("ERR_")) {
          typed++;
        }
      }
      expect(typed + answered).toBe(FRAMES); // every frame got a response or a typed error
      expect(typed).toBeGreaterThan(0);
    });
  }

  it("oversized frames and garbage on a stream reset it and penalise the peer", async () => {
    const penalties = createPeerPenalties();
    for (const payload of [
      Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x7f]), // a length prefix announcing 2^35 - 1 bytes
      encodeFrame(Uint8Array.from([0xff, 0xff, 0xff])), // a frame that is not protobuf
    ]) {
      const [client, server] = await streamPair();
      const served = serveFrames(server, "bad-peer", PROTOCOL.step, handlers.step, MAX_FRAME_BYTES, {
        penalties,
      });
      client.send(payload);
      await served;
      expect(server.status).not.toBe("open");
    }
    expect(penalties.score("bad-peer")).toBeLessThan(-19);
  });
});
