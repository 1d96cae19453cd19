import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextStepWouldExceed } from "./record.js";

describe("budget rule", () => {
  it("admits a step exactly when its worst case still fits in the deposit", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { maxLength: 4 }),
        (spent, deposit, fuel, prices) => {
          const worst = prices.reduce((s, p) => s + p * fuel, 0n);
          expect(nextStepWouldExceed(spent, deposit, fuel, prices)).toBe(spent + worst > deposit);
        },
      ),
    );
  });

  it("charging what was admitted never overruns the deposit (property over a run of steps)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 7n }),
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 200 }),
        (deposit, fuel, prices, usage) => {
          let spent = 0n;
          for (const u of usage) {
            if (nextStepWouldExceed(spent, deposit, fuel, prices)) break;
            // Each lease burns some share of the fuel limit, never more than it.
            const burned = BigInt(Math.floor(Number(fuel) * u));
            spent += prices.reduce((s, p) => s + p * burned, 0n);
          }
          expect(spent <= deposit).toBe(true);
        },
      ),
    );
  });
});
