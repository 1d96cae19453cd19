/**
 * The gas goals of the issue, held by a test (gas is deterministic, unlike time):
 * a batched claim ≤ 40,000 gas per lease; a 1,000-receipt lease ≤ 200 gas per receipt.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GAS_GOALS, measureGas } from "../bench/measure-gas.js";

describe("gas", () => {
  it("meets the settlement gas goals", async () => {
    const g = await measureGas();
    assert.ok(
      g.batch_claim_gas_per_lease <= GAS_GOALS.batch_claim_gas_per_lease_max,
      `batch claim ${g.batch_claim_gas_per_lease} gas per lease`,
    );
    assert.ok(g.gas_per_receipt <= GAS_GOALS.gas_per_receipt_max, `${g.gas_per_receipt} gas per receipt`);
    // a lease claim in a batch should cost about one token transfer, never several
    assert.ok(g.batch_claim_per_lease_vs_transfer < 1.5, `ratio ${g.batch_claim_per_lease_vs_transfer}`);
  });
});
