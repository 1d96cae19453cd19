import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameTooLargeError, ProtoDecodeError } from "../errors.js";
import { encodeFrame, encodeVarint, FrameDecoder } from "./frame-codec.js";

describe("frame codec", () => {
  it("round-trips frames split at arbitrary chunk boundaries", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (payloads, cuts) => {
          const wire = Buffer.concat(payloads.map((p) => encodeFrame(p)));
          const dec = new FrameDecoder(1000);
          const out: Uint8Array[] = [];
          let off = 0;
          let i = 0;
          while (off < wire.length) {
            const n = cuts[i++ % cuts.length] as number;
            dec.push(wire.subarray(off, off + n));
            off += n;
            for (let f = dec.next(); f; f = dec.next()) out.push(f);
          }
          expect(out.map((b) => Buffer.from(b).toString("hex"))).toEqual(
            payloads.map((b) => Buffer.from(b).toString("hex")),
          );
          expect(dec.pending).toBe(0);
        },
      ),
    );
  });

  it("rejects an oversized frame from its prefix alone, then stays poisoned", () => {
    const dec = new FrameDecoder(100);
    dec.push(encodeVarint(101));
    expect(() => dec.next()).toThrow(FrameTooLargeError);
    expect(() => dec.push(new Uint8Array([1]))).toThrow(FrameTooLargeError);
  });

  it("rejects a length prefix longer than 5 bytes", () => {
    const dec = new FrameDecoder();
    dec.push(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect(() => dec.next()).toThrow(ProtoDecodeError);
  });

  it("waits for more bytes on a partial prefix or payload", () => {
    const dec = new FrameDecoder();
    const frame = encodeFrame(new Uint8Array(200).fill(7));
    dec.push(frame.subarray(0, 1));
    expect(dec.next()).toBeUndefined();
    dec.push(frame.subarray(1, 50));
    expect(dec.next()).toBeUndefined();
    dec.push(frame.subarray(50));
    expect(dec.next()?.length).toBe(200);
  });
});
