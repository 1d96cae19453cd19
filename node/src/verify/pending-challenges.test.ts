import { type Attestation, type Receipt, Role } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { type ClaimState, createPendingChallenger } from "./pending-challenges.js";

const rnd = () => crypto.getRandomValues(new Uint8Array(32));
const receipt = (leaseId: Uint8Array, sequence: bigint): Receipt => ({
  sessionId: new Uint8Array(32),
  leaseId,
  role: Role.ROLE_COMPUTE,
  sequence,
  moduleHash: rnd(),
  inputHash: rnd(),
  outputHash: rnd(),
  stateRootBefore: rnd(),
  stateRootAfter: rnd(),
  fuelUsed: 1n,
  pricePerFuel: 1n,
  prevReceiptHash: rnd(),
  timestampMs: 1n,
  status: 0,
  operator: "0x0000000000000000000000000000000000000001",
  signature: new Uint8Array(65),
});
const attestation = {} as Attestation;

describe("pending challenges", () => {
  it("waits for the claim, submits once per lease, shares the outcome", async () => {
    let claim: ClaimState = { claimedAt: 0n, finalized: false, voided: false };
    const submitted: bigint[] = [];
    const c = createPendingChallenger({
      intervalMs: 5,
      submitter: {
        async challenge(r) {
          submitted.push(r.sequence);
          return "0xtx";
        },
      },
      readClaim: async () => claim,
    });
    const lease = rnd();
    const a = c.challenge(receipt(lease, 3n), attestation);
    const b = c.challenge(receipt(lease, 5n), attestation);
    await new Promise((r) => setTimeout(r, 30));
    expect(submitted).toEqual([]); // no claim yet: nothing to challenge
    expect(c.pending).toBe(1);
    claim = { claimedAt: 1n, finalized: false, voided: false };
    await expect(a).resolves.toBe("0xtx");
    await expect(b).resolves.toBe("0xtx");
    expect(submitted).toEqual([3n]);
    c.stop();
  });

  it("gives up on a finalized claim and after repeated failures", async () => {
    const c = createPendingChallenger({
      intervalMs: 5,
      maxAttempts: 2,
      submitter: {
        async challenge() {
          throw new Error("reverted");
        },
      },
      readClaim: async (_s, leaseId) => ({ claimedAt: 1n, finalized: leaseId[0] === 0, voided: false }),
    });
    const finalized = new Uint8Array(32);
    const failing = rnd();
    failing[0] = 1;
    await expect(c.challenge(receipt(finalized, 1n), attestation)).rejects.toThrow("finalized");
    await expect(c.challenge(receipt(failing, 1n), attestation)).rejects.toThrow("reverted");
    c.stop();
  });
});
