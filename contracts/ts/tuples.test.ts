import { InvalidMessageError, type Voucher } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { toVoucherArg } from "./tuples.js";

const voucher: Voucher = {
  sessionId: new Uint8Array(32).fill(1),
  leaseId: new Uint8Array(32).fill(2),
  operator: "0x00000000000000000000000000000000000000aa",
  cumulativeAmount: "1000000000000000000",
  lastReceiptHash: new Uint8Array(32).fill(3),
  receiptCount: 7n,
  signature: new Uint8Array(0),
};

describe("proto → contract struct arguments", () => {
  it("converts a voucher", () => {
    expect(toVoucherArg(voucher)).toEqual({
      sessionId: `0x${"01".repeat(32)}`,
      leaseId: `0x${"02".repeat(32)}`,
      operator: "0x00000000000000000000000000000000000000AA",
      cumulativeAmount: 10n ** 18n,
      lastReceiptHash: `0x${"03".repeat(32)}`,
      receiptCount: 7n,
    });
  });

  it("rejects malformed fields with InvalidMessageError", () => {
    expect(() => toVoucherArg({ ...voucher, leaseId: new Uint8Array(31) })).toThrow(InvalidMessageError);
    expect(() => toVoucherArg({ ...voucher, cumulativeAmount: "-1" })).toThrow(InvalidMessageError);
    expect(() => toVoucherArg({ ...voucher, operator: "0x12" })).toThrow(InvalidMessageError);
  });
});
