/** fast-check generators for PadMesh protocol messages (test-only). */
import fc from "fast-check";
import type {
  Attestation,
  Capacity,
  LeaseRequest,
  Receipt,
  ResourceAdvert,
  ResourceDescriptor,
  SessionEvent,
  StepInput,
  Voucher,
} from "../src/index.js";

export const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
export const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });
export const address = fc
  .uint8Array({ minLength: 20, maxLength: 20 })
  .map((b) => `0x${Buffer.from(b).toString("hex")}`);
export const role = fc.integer({ min: 1, max: 4 }) as fc.Arbitrary<1 | 2 | 3 | 4>;
export const status = fc.integer({ min: 0, max: 7 }) as fc.Arbitrary<0 | 1 | 2 | 3 | 4 | 5 | 6 | 7>;

export const receipt: fc.Arbitrary<Receipt> = fc.record({
  sessionId: bytes32,
  leaseId: bytes32,
  role,
  sequence: u64,
  moduleHash: bytes32,
  inputHash: bytes32,
  outputHash: bytes32,
  stateRootBefore: bytes32,
  stateRootAfter: bytes32,
  fuelUsed: u64,
  pricePerFuel: u64,
  prevReceiptHash: bytes32,
  timestampMs: u64,
  status,
  operator: address,
  signature: fc.uint8Array({ minLength: 65, maxLength: 65 }),
});

export const voucher: fc.Arbitrary<Voucher> = fc.record({
  sessionId: bytes32,
  leaseId: bytes32,
  operator: address,
  cumulativeAmount: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }).map(String),
  lastReceiptHash: bytes32,
  receiptCount: u64,
  signature: fc.uint8Array({ minLength: 65, maxLength: 65 }),
});

export const attestation: fc.Arbitrary<Attestation> = fc.record({
  receiptHash: bytes32,
  sessionId: bytes32,
  leaseId: bytes32,
  sequence: u64,
  outputHash: bytes32,
  stateRootAfter: bytes32,
  fuelUsed: u64,
  status,
  mismatch: fc.boolean(),
  verifier: address,
  signature: fc.uint8Array({ minLength: 65, maxLength: 65 }),
});

export const capacity: fc.Arbitrary<Capacity> = fc.record({
  cpuMillis: fc.integer({ min: 0, max: 8000 }),
  ramBytes: fc.bigInt({ min: 0n, max: 1n << 33n }),
  vramBytes: fc.bigInt({ min: 0n, max: 1n << 34n }),
  gpus: fc.integer({ min: 0, max: 2 }),
  leaseSlots: fc.integer({ min: 0, max: 64 }),
});

export const descriptor: fc.Arbitrary<ResourceDescriptor> = fc.record({
  cpuCores: fc.integer({ min: 8, max: 128 }),
  cpuModel: fc.string({ maxLength: 40 }),
  ramBytes: fc.bigInt({ min: 1n << 33n, max: 1n << 40n }),
  gpus: fc.array(
    fc.record({
      vendor: fc.constantFrom("nvidia", "amd", "unknown"),
      model: fc.string({ maxLength: 30 }),
      vramBytes: fc.bigInt({ min: 1n << 34n, max: 1n << 37n }),
      count: fc.integer({ min: 2, max: 8 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  bandwidthUpBps: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  bandwidthDownBps: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  bandwidthSource: fc.constantFrom(1, 2) as fc.Arbitrary<1 | 2>,
  region: fc.constantFrom("eu-west", "us-east", "ap-south"),
  engines: fc.constant(["wasm32-fuel-v1"]),
  diskBytes: fc.bigInt({ min: 0n, max: 1n << 42n }),
});

export const advert: fc.Arbitrary<ResourceAdvert> = fc.record({
  version: fc.constant(1),
  peerId: fc.string({ minLength: 1, maxLength: 60 }),
  operator: address,
  descriptor,
  roles: fc.uniqueArray(fc.record({ role, pricePerFuel: fc.bigInt({ min: 0n, max: 10n ** 12n }) }), {
    minLength: 1,
    maxLength: 4,
    selector: (r) => r.role,
  }),
  free: capacity,
  sequence: u64,
  issuedAtMs: fc.bigInt({ min: 0n, max: 1n << 50n }),
  expiresAtMs: fc.bigInt({ min: 0n, max: 1n << 50n }),
  multiaddrs: fc.array(fc.string({ maxLength: 60 }), { maxLength: 4 }),
  runningLeases: u32,
  signature: fc.uint8Array({ minLength: 65, maxLength: 65 }),
});

export const stepInput: fc.Arbitrary<StepInput> = fc.record({
  leaseId: bytes32,
  sessionId: bytes32,
  sequence: u64,
  input: fc.uint8Array({ maxLength: 512 }),
  timestampMs: u64,
  fuelLimit: u64,
  moduleHash: fc.uint8Array({ maxLength: 32 }),
  traceparent: fc.string({ maxLength: 55 }),
});

export const leaseRequest: fc.Arbitrary<LeaseRequest> = fc.oneof(
  fc.record({
    kind: fc.record({
      $case: fc.constant("offer" as const),
      value: fc.record({
        terms: fc.record({
          leaseId: bytes32,
          sessionId: bytes32,
          role,
          moduleHash: bytes32,
          resources: capacity,
          pricePerFuel: u64,
          ttlMs: u64,
          maxFuelPerStep: u64,
          project: address,
          scheduler: fc.string({ maxLength: 60 }),
          resumeCheckpoint: fc.uint8Array({ maxLength: 32 }),
          resumeSequence: u64,
          coordinator: fc.string({ maxLength: 60 }),
        }),
        offeredAtMs: u64,
        reservationMs: u64,
      }),
    }),
  }),
  fc.record({ kind: fc.record({ $case: fc.constant("confirm" as const), value: bytes32 }) }),
  fc.record({
    kind: fc.record({
      $case: fc.constant("release" as const),
      value: fc.record({ leaseId: bytes32, reason: fc.integer({ min: 0, max: 4 }) as fc.Arbitrary<0> }),
    }),
  }),
  fc.record({
    kind: fc.record({
      $case: fc.constant("delegate" as const),
      value: fc.record({ leaseId: bytes32, coordinator: fc.string({ maxLength: 60 }) }),
    }),
  }),
);

export const sessionEvent: fc.Arbitrary<SessionEvent> = fc.record({
  cursor: u64,
  sessionId: bytes32,
  kind: fc.oneof(
    fc.record({
      $case: fc.constant("stepCompleted" as const),
      value: fc.record({
        sequence: u64,
        output: fc.uint8Array({ maxLength: 256 }),
        receipts: fc.array(receipt, { maxLength: 3 }),
        stateRoot: bytes32,
        clientStepId: fc.string({ maxLength: 20 }),
        latencyUs: u64,
      }),
    }),
    fc.record({
      $case: fc.constant("stepFailed" as const),
      value: fc.record({
        sequence: u64,
        code: fc.string({ maxLength: 20 }),
        message: fc.string({ maxLength: 60 }),
        receipts: fc.array(receipt, { maxLength: 2 }),
        clientStepId: fc.string({ maxLength: 20 }),
      }),
    }),
    fc.record({ $case: fc.constant("closed" as const), value: fc.record({ reason: fc.string() }) }),
  ),
});
