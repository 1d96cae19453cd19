import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Attestation,
  BlobResponse,
  CreateSessionRequest,
  decodeMessage,
  encodeMessage,
  FrameTooLargeError,
  LeaseRequest,
  LeaseResponse,
  type MessageFns,
  ProtoDecodeError,
  Receipt,
  ResourceAdvert,
  SessionEvent,
  StepInput,
  StepResult,
  VerifyRequest,
  Voucher,
} from "../src/index.js";
import * as arb from "./arbitraries.js";

function roundTrips<T>(type: MessageFns<T>, name: string, gen: fc.Arbitrary<T>) {
  fc.assert(
    fc.property(gen, (msg) => {
      const decoded = decodeMessage(type, name, encodeMessage(type, msg));
      expect(decoded).toEqual(msg);
    }),
    { numRuns: 300 },
  );
}

describe("codecs round-trip", () => {
  it("Receipt", () => roundTrips(Receipt, "Receipt", arb.receipt));
  it("Voucher", () => roundTrips(Voucher, "Voucher", arb.voucher));
  it("Attestation", () => roundTrips(Attestation, "Attestation", arb.attestation));
  it("ResourceAdvert", () => roundTrips(ResourceAdvert, "ResourceAdvert", arb.advert));
  it("StepInput", () => roundTrips(StepInput, "StepInput", arb.stepInput));
  it("LeaseRequest", () => roundTrips(LeaseRequest, "LeaseRequest", arb.leaseRequest));
  it("SessionEvent", () => roundTrips(SessionEvent, "SessionEvent", arb.sessionEvent));
});

const DECODERS: [string, MessageFns<unknown>][] = [
  ["Receipt", Receipt],
  ["Voucher", Voucher],
  ["Attestation", Attestation],
  ["ResourceAdvert", ResourceAdvert],
  ["LeaseRequest", LeaseRequest],
  ["LeaseResponse", LeaseResponse],
  ["StepInput", StepInput],
  ["StepResult", StepResult],
  ["VerifyRequest", VerifyRequest],
  ["BlobResponse", BlobResponse],
  ["SessionEvent", SessionEvent],
  ["CreateSessionRequest", CreateSessionRequest],
] as [string, MessageFns<unknown>][];

describe("decoders never crash on arbitrary bytes", () => {
  // 12 decoders x 10,000 random inputs = 120,000 cases, plus mutated valid frames below.
  for (const [name, type] of DECODERS) {
    it(`${name}: returns a message or throws ProtoDecodeError`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
          try {
            decodeMessage(type, name, bytes);
          } catch (err) {
            expect(err).toBeInstanceOf(ProtoDecodeError);
            expect((err as ProtoDecodeError).code).toBe("ERR_PROTO_DECODE");
          }
        }),
        { numRuns: 10_000 },
      );
    });
  }

  it("mutated valid receipts decode or fail with a typed error", () => {
    fc.assert(
      fc.property(
        arb.receipt,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 255 }),
        (r, at, b) => {
          const bytes = encodeMessage(Receipt, r);
          bytes[at % bytes.length] = b;
          try {
            decodeMessage(Receipt, "Receipt", bytes);
          } catch (err) {
            expect(err).toBeInstanceOf(ProtoDecodeError);
          }
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it("refuses frames over the limit before decoding", () => {
    expect(() => decodeMessage(Receipt, "Receipt", new Uint8Array(100), { maxBytes: 99 })).toThrow(
      FrameTooLargeError,
    );
  });

  it("refuses a length prefix that runs past the end", () => {
    // field 1 (bytes), length 2^31: a hostile length must not allocate or hang.
    const evil = Uint8Array.from([0x0a, 0x80, 0x80, 0x80, 0x80, 0x08, 0x01]);
    expect(() => decodeMessage(Receipt, "Receipt", evil)).toThrow(ProtoDecodeError);
  });
});
