import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COORDINATION_RECORD_VERSION,
  type CoordinationHopRecord,
  type CoordinationRecord,
  decodeCoordinationRecord,
  encodeCoordinationRecord,
  MAX_COORDINATION_HOPS,
} from "./coordination.js";
import { InvalidMessageError } from "./errors.js";
import { StepStatus } from "./gen/padmesh/v1/receipt.js";
import { Role } from "./gen/padmesh/v1/resources.js";

const HOP_BYTES = 106;
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const hop: fc.Arbitrary<CoordinationHopRecord> = fc.record({
  role: fc.integer({ min: 0, max: 255 }) as fc.Arbitrary<Role>,
  status: fc.integer({ min: 0, max: 255 }) as fc.Arbitrary<StepStatus>,
  fuelUsed: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  receiptHash: hash,
  inputHash: hash,
  outputHash: hash,
});
const record: fc.Arbitrary<CoordinationRecord> = fc.record({
  stepInputHash: hash,
  hops: fc.array(hop, { minLength: 1, maxLength: MAX_COORDINATION_HOPS }),
  outputHash: hash,
});

const fill = (byte: number) => new Uint8Array(32).fill(byte);
function leg(i: number, overrides: Partial<CoordinationHopRecord> = {}): CoordinationHopRecord {
  return {
    role: Role.ROLE_COMPUTE,
    status: StepStatus.STEP_STATUS_OK,
    fuelUsed: 1000n + BigInt(i),
    receiptHash: fill(0x10 + i),
    inputHash: fill(0x20 + i),
    outputHash: fill(0x30 + i),
    ...overrides,
  };
}
const twoLegs = (): CoordinationRecord => ({
  stepInputHash: fill(0x20),
  hops: [leg(0), leg(1, { role: Role.ROLE_EXECUTION, inputHash: fill(0x30) })],
  outputHash: fill(0x31),
});

/** The InvalidMessageError `fn` throws (fails the test when it throws anything else or nothing). */
function invalid(fn: () => unknown): InvalidMessageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidMessageError);
    expect((err as InvalidMessageError).code).toBe("ERR_INVALID_MESSAGE");
    return err as InvalidMessageError;
  }
  throw new Error("expected an InvalidMessageError");
}

describe("coordination record", () => {
  it("property: any record of 1..8 legs round-trips, with the documented length", () => {
    fc.assert(
      fc.property(record, (r) => {
        const bytes = encodeCoordinationRecord(r);
        expect(bytes.length).toBe(1 + 32 + 1 + r.hops.length * HOP_BYTES + 32);
        expect(decodeCoordinationRecord(bytes)).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it("lays out version 1 as the header comment says (little-endian fuel)", () => {
    const bytes = encodeCoordinationRecord(twoLegs());
    expect(bytes[0]).toBe(COORDINATION_RECORD_VERSION);
    expect(bytes.subarray(1, 33)).toEqual(fill(0x20));
    expect(bytes[33]).toBe(2);
    const second = 34 + HOP_BYTES;
    expect([bytes[second], bytes[second + 1]]).toEqual([Role.ROLE_EXECUTION, StepStatus.STEP_STATUS_OK]);
    expect(Buffer.from(bytes).readBigUInt64LE(second + 2)).toBe(1001n);
    expect(bytes.subarray(second + 10, second + 42)).toEqual(fill(0x11));
    expect(bytes.subarray(second + 42, second + 74)).toEqual(fill(0x30));
    expect(bytes.subarray(second + 74, second + 106)).toEqual(fill(0x31));
    expect(bytes.subarray(bytes.length - 32)).toEqual(fill(0x31));
  });

  it("decodes from a view inside a larger buffer and copies the hashes out", () => {
    const bytes = encodeCoordinationRecord(twoLegs());
    const framed = new Uint8Array(bytes.length + 7);
    framed.set(bytes, 3);
    const decoded = decodeCoordinationRecord(framed.subarray(3, 3 + bytes.length));
    expect(decoded).toEqual(twoLegs());
    framed.fill(0);
    expect(decoded.outputHash).toEqual(fill(0x31));
  });

  describe("encoder refuses", () => {
    it("0 legs and more than MAX_COORDINATION_HOPS legs", () => {
      expect(invalid(() => encodeCoordinationRecord({ ...twoLegs(), hops: [] })).field).toBe("hops");
      const nine = Array.from({ length: MAX_COORDINATION_HOPS + 1 }, (_, i) => leg(i));
      const err = invalid(() => encodeCoordinationRecord({ ...twoLegs(), hops: nine }));
      expect(err.field).toBe("hops");
      expect(err.message).toMatch(/expected 1\.\.8 legs, got 9/);
      const eight = Array.from({ length: MAX_COORDINATION_HOPS }, (_, i) => leg(i));
      expect(
        decodeCoordinationRecord(encodeCoordinationRecord({ ...twoLegs(), hops: eight })).hops,
      ).toHaveLength(8);
    });

    it("hashes that are not 32 bytes, naming the field", () => {
      const short = new Uint8Array(31);
      const long = new Uint8Array(33);
      expect(invalid(() => encodeCoordinationRecord({ ...twoLegs(), stepInputHash: short })).field).toBe(
        "stepInputHash",
      );
      expect(invalid(() => encodeCoordinationRecord({ ...twoLegs(), outputHash: long })).field).toBe(
        "outputHash",
      );
      for (const name of ["receiptHash", "inputHash", "outputHash"] as const) {
        const r = twoLegs();
        r.hops[1] = { ...(r.hops[1] as CoordinationHopRecord), [name]: new Uint8Array(0) };
        const err = invalid(() => encodeCoordinationRecord(r));
        expect(err.field).toBe(`hops[1].${name}`);
        expect(err.message).toMatch(/expected 32 bytes, got 0/);
      }
    });

    it("fuel outside the u64 range", () => {
      for (const fuelUsed of [-1n, 2n ** 64n]) {
        const r = twoLegs();
        r.hops[0] = leg(0, { fuelUsed });
        expect(invalid(() => encodeCoordinationRecord(r)).field).toBe("hops[0].fuelUsed");
      }
      const r = twoLegs();
      r.hops[0] = leg(0, { fuelUsed: 2n ** 64n - 1n });
      expect(decodeCoordinationRecord(encodeCoordinationRecord(r)).hops[0]?.fuelUsed).toBe(2n ** 64n - 1n);
    });

    it("a role or status that does not fit a byte", () => {
      for (const bad of [{ role: 256 as Role }, { role: -1 as Role }, { status: 256 as StepStatus }]) {
        const r = twoLegs();
        r.hops[1] = leg(1, bad);
        const err = invalid(() => encodeCoordinationRecord(r));
        expect(err.field).toBe("hops[1]");
        expect(err.message).toMatch(/role or status out of range/);
      }
    });
  });

  describe("decoder refuses", () => {
    const good = () => encodeCoordinationRecord(twoLegs());

    it("fewer bytes than an empty header and output hash", () => {
      for (const n of [0, 1, 33, 65]) {
        expect(invalid(() => decodeCoordinationRecord(good().subarray(0, n))).message).toMatch(/too short/);
      }
    });

    it("an unknown version", () => {
      for (const v of [0, 2, 255]) {
        const bytes = good();
        bytes[0] = v;
        expect(invalid(() => decodeCoordinationRecord(bytes)).message).toMatch(`unknown version ${v}`);
      }
    });

    it("0 legs and 9 legs", () => {
      for (const n of [0, MAX_COORDINATION_HOPS + 1, 255]) {
        const bytes = good();
        bytes[33] = n;
        expect(invalid(() => decodeCoordinationRecord(bytes)).message).toMatch(
          `expected 1..8 legs, got ${n}`,
        );
      }
    });

    it("a length that does not match the leg count: truncated, trailing, or a wrong count", () => {
      const bytes = good();
      const cases = [
        bytes.subarray(0, bytes.length - 1),
        bytes.subarray(0, bytes.length - 32),
        new Uint8Array([...bytes, 0]),
        (() => {
          const c = bytes.slice();
          c[33] = 1;
          return c;
        })(),
        (() => {
          const c = bytes.slice();
          c[33] = 3;
          return c;
        })(),
      ];
      for (const c of cases) {
        expect(invalid(() => decodeCoordinationRecord(c)).message).toMatch(
          /length does not match the leg count/,
        );
      }
    });

    it("property: random bytes decode to a record that re-encodes to them, or throw InvalidMessageError", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
          let decoded: CoordinationRecord;
          try {
            decoded = decodeCoordinationRecord(bytes);
          } catch (err) {
            expect(err).toBeInstanceOf(InvalidMessageError);
            return;
          }
          expect(encodeCoordinationRecord(decoded)).toEqual(bytes);
        }),
        { numRuns: 500 },
      );
    });
  });
});
