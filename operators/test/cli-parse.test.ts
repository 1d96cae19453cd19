/**
 * The CLI's pure parts: PAD amounts, roles, `--set name=value`, parameter units, what blocks a
 * governance step, and the receipt JSON form (a property test: JSON and protobuf round trips
 * give the same receipt, and receipts of any shape survive).
 */
import { PARAM_NAMES } from "@padmesh/contracts";
import { encodeMessage, type Receipt, Receipt as ReceiptCodec, Role, StepStatus } from "@padmesh/proto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CliArgumentError, parsePad, parseRoles, roleNames } from "../src/chain/index.js";
import { GovParamError } from "../src/cmds/gov/errors.js";
import { blockedReason, type ProposalStatus, parseProposalId } from "../src/cmds/gov/proposal.js";
import { encodeParamChanges, parseSet } from "../src/cmds/gov/propose.js";
import { describeValue, paramUnit } from "../src/cmds/gov/units.js";
import { parseReceiptBytes } from "../src/cmds/verify/receipt-file.js";
import { receiptFromJson, receiptToJson } from "../src/cmds/verify/receipt-json.js";

describe("parsePad", () => {
  it("parses decimal PAD exactly into wei", () => {
    expect(parsePad("1000", "x")).toBe(1000n * 10n ** 18n);
    expect(parsePad("0.5", "x")).toBe(5n * 10n ** 17n);
    expect(parsePad("0.000000000000000001", "x")).toBe(1n);
  });
  it("refuses zero, negatives, exponents, too many decimals and junk", () => {
    for (const bad of ["0", "-1", "1e18", "0.0000000000000000001", "ten", "", "01", "1,000"]) {
      expect(() => parsePad(bad, "--stake"), bad).toThrow(CliArgumentError);
    }
  });
});

describe("roles", () => {
  it("maps names to the registry's bitmask and back", () => {
    expect(parseRoles("compute,execution")).toBe(3);
    expect(parseRoles(" Verification , compute ")).toBe(9);
    expect(parseRoles("compute,execution,coordination,verification")).toBe(15);
    expect(roleNames(15)).toEqual(["compute", "execution", "coordination", "verification"]);
    expect(roleNames(parseRoles("coordination"))).toEqual(["coordination"]);
  });
  it("refuses unknown and empty lists", () => {
    expect(() => parseRoles("gpu")).toThrow(/unknown role "gpu"/);
    expect(() => parseRoles(" , ")).toThrow(CliArgumentError);
  });
});

describe("gov --set and units", () => {
  it("parses name=value for every known name, with _ separators", () => {
    for (const name of PARAM_NAMES) expect(parseSet(`${name}=1_000`)).toEqual({ name, value: 1000n });
  });
  it("refuses unknown names and non-integers", () => {
    expect(() => parseSet("weight.colour=1")).toThrow(GovParamError);
    for (const bad of [
      "weight.price",
      "weight.price=",
      "weight.price=-1",
      "weight.price=1.5",
      "weight.price=0x10",
    ]) {
      expect(() => parseSet(bad), bad).toThrow(GovParamError);
    }
  });
  it("encodes one change as setParam and several as one setParams action", () => {
    const target = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
    const one = encodeParamChanges(target, [{ name: "weight.price", value: 1n }]);
    const many = encodeParamChanges(target, [
      { name: "weight.price", value: 1n },
      { name: "weight.load", value: 2n },
    ]);
    expect(one.targets).toEqual([target]);
    expect(many.calldatas).toHaveLength(1);
    expect(one.calldatas[0]!.slice(0, 10)).not.toBe(many.calldatas[0]!.slice(0, 10));
  });
  it("gives every parameter a unit", () => {
    expect(paramUnit("weight.price")).toBe("bps");
    expect(paramUnit("threshold.compute.minBandwidthBps")).toBe("bits/s");
    expect(paramUnit("threshold.compute.minVramBytes")).toBe("bytes");
    expect(paramUnit("stake.minOperator")).toBe("PAD wei");
    expect(paramUnit("stake.unbondingPeriod")).toBe("seconds");
    expect(paramUnit("escrow.challengeWindow")).toBe("seconds");
    expect(paramUnit("rate.windowSeconds")).toBe("seconds");
    expect(paramUnit("slash.burnBps")).toBe("bps");
    expect(paramUnit("verify.quorum")).toBe("verifiers");
    expect(describeValue("weight.price", 4200n)).toBe("42.00%");
    expect(describeValue("stake.minOperator", 10n ** 20n)).toBe("100 PAD");
  });
});

describe("governance steps", () => {
  const status = (over: Partial<ProposalStatus>): ProposalStatus => ({
    proposalId: 1n,
    state: "Pending",
    votes: { against: 0n, for: 0n, abstain: 0n },
    snapshot: 10n,
    deadline: 20n,
    eta: 0n,
    quorum: 0n,
    currentBlock: 9n,
    chainTime: 1000n,
    ...over,
  });
  it("allows each step only in its state, and says why not otherwise", () => {
    expect(blockedReason("vote", status({ state: "Active" }))).toBeUndefined();
    expect(blockedReason("vote", status({}))).toMatch(/opens after block 10 \(now 9\)/);
    expect(blockedReason("queue", status({ state: "Active" }))).toMatch(/open until block 20/);
    expect(blockedReason("queue", status({ state: "Succeeded" }))).toBeUndefined();
    expect(blockedReason("queue", status({ state: "Defeated" }))).toMatch(/defeated/);
    expect(blockedReason("execute", status({ state: "Succeeded" }))).toMatch(/queued first/);
    expect(blockedReason("execute", status({ state: "Queued", eta: 2000n }))).toMatch(/timelock delay/);
    expect(blockedReason("execute", status({ state: "Queued", eta: 1000n }))).toBeUndefined();
    expect(blockedReason("execute", status({ state: "Executed" }))).toMatch(/Executed/);
  });
  it("parses proposal ids in decimal and hex", () => {
    expect(parseProposalId("123")).toBe(123n);
    expect(parseProposalId("0xff")).toBe(255n);
    expect(() => parseProposalId("1e3")).toThrow(CliArgumentError);
  });
});

describe("receipt JSON", () => {
  const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
  const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
  const receipt: fc.Arbitrary<Receipt> = fc.record({
    sessionId: bytes32,
    leaseId: bytes32,
    role: fc.constantFrom(
      Role.ROLE_COMPUTE,
      Role.ROLE_EXECUTION,
      Role.ROLE_COORDINATION,
      Role.ROLE_VERIFICATION,
    ),
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
    status: fc.constantFrom(
      ...Object.values(StepStatus).filter((v): v is StepStatus => typeof v === "number" && v >= 0),
    ),
    operator: fc.constant("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
    signature: fc.uint8Array({ minLength: 65, maxLength: 65 }),
  });

  it("round-trips through JSON and through protobuf files to the same receipt", () => {
    fc.assert(
      fc.property(receipt, (r) => {
        const viaJson = parseReceiptBytes(Buffer.from(JSON.stringify(receiptToJson(r))), "mem.json");
        const viaProto = parseReceiptBytes(encodeMessage(ReceiptCodec, r), "mem.pb");
        expect(receiptToJson(viaJson)).toEqual(receiptToJson(r));
        expect(receiptToJson(viaProto)).toEqual(receiptToJson(r));
      }),
      { numRuns: 200 },
    );
  });

  it("reads a protobuf receipt whose bytes look like whitespace then JSON", () => {
    // Field 1's tag is "\n", a 32-byte length is " ": a session id starting with "{" once fooled it.
    fc.assert(
      fc.property(receipt, (r) => {
        const sessionId = Uint8Array.from(r.sessionId);
        sessionId[0] = 0x7b;
        const tricky = { ...r, sessionId };
        const back = parseReceiptBytes(encodeMessage(ReceiptCodec, tricky), "mem.pb");
        expect(receiptToJson(back)).toEqual(receiptToJson(tricky));
      }),
      { numRuns: 50 },
    );
  });

  it("names the bad field of a hand-written receipt", () => {
    const good = receiptToJson({
      ...receiptFromJson({}, "x"),
      role: Role.ROLE_COMPUTE,
    });
    expect(() => receiptFromJson({ ...good, role: "ROLE_GPU" }, "r.json")).toThrow(/role "ROLE_GPU"/);
    expect(() => receiptFromJson({ ...good, sequence: "-1" }, "r.json")).toThrow(/sequence/);
    expect(() => receiptFromJson({ ...good, outputHash: "zz" }, "r.json")).toThrow(/outputHash/);
    expect(() => parseReceiptBytes(Buffer.from(JSON.stringify(good)), "r.json")).toThrow(
      /not a valid receipt/,
    );
    expect(receiptFromJson({ ...good, role: 2, status: "STEP_STATUS_TRAP" }, "r.json")).toMatchObject({
      role: Role.ROLE_EXECUTION,
      status: StepStatus.STEP_STATUS_TRAP,
    });
  });
});
