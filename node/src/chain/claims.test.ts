import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Voucher } from "@padmesh/proto";
import { afterEach, describe, expect, it } from "vitest";
import { createLevelJournal } from "../journal/level-journal.js";
import { claimLease } from "./claims.js";
import type { ClaimSubmitter } from "./interface.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const leaseId = new Uint8Array(32).fill(7);
const voucher = (amount: bigint): Voucher => ({
  sessionId: new Uint8Array(32),
  leaseId,
  operator: "0x0000000000000000000000000000000000000001",
  cumulativeAmount: amount.toString(),
  lastReceiptHash: new Uint8Array(32),
  receiptCount: amount,
  signature: new Uint8Array(65),
});

describe("claimLease", () => {
  it("claims once, then again only when a higher voucher arrives", async () => {
    const dir = mkdtempSync(join(tmpdir(), "claims-"));
    dirs.push(dir);
    const journal = createLevelJournal({ path: dir, sync: false });
    await journal.open();
    const claimed: string[] = [];
    let fail = false;
    const submitter: ClaimSubmitter = {
      async claim(v) {
        if (fail) throw new Error("reverted");
        claimed.push(v.cumulativeAmount);
        return `0x${claimed.length}`;
      },
      async finalize() {
        return "0xf";
      },
      async challengeWindowMs() {
        return 60_000;
      },
    };
    const c = { journal, submitter };
    await journal.putVoucher(voucher(10n));
    await claimLease(c, leaseId);
    await claimLease(c, leaseId); // same voucher: no second transaction
    expect(claimed).toEqual(["10"]);

    await journal.putVoucher(voucher(25n));
    fail = true;
    await expect(claimLease(c, leaseId)).rejects.toThrow();
    // The failed re-claim leaves the standing claim intact (it can still be finalized).
    expect((await journal.getClaim(leaseId))?.state).toBe("claimed");
    fail = false;
    const rec = await claimLease(c, leaseId);
    expect(claimed).toEqual(["10", "25"]);
    expect(rec?.amount).toBe("25");
    await journal.close();
  });
});
