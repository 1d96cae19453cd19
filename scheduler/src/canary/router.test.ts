import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyCanaryStats, recordCanaryOutcome, routesToCanary, shouldRollBack } from "./router.js";

describe("canary routing", () => {
  it("is deterministic and close to the asked share", () => {
    const sid = new Uint8Array(32).fill(7);
    let hits = 0;
    for (let s = 0n; s < 10_000n; s++) {
      const a = routesToCanary(sid, s, 20);
      expect(routesToCanary(sid, s, 20)).toBe(a);
      if (a) hits++;
    }
    expect(hits).toBeGreaterThan(1700);
    expect(hits).toBeLessThan(2300);
    expect(routesToCanary(sid, 5n, 0)).toBe(false);
    expect(routesToCanary(sid, 5n, 100)).toBe(true);
  });

  it("rolls back exactly when the canary's error rate exceeds stable by the threshold", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.boolean()), { maxLength: 200 }),
        fc.integer({ min: 0, max: 10_000 }),
        (outcomes, threshold) => {
          let st = emptyCanaryStats();
          for (const [canary, failed] of outcomes) st = recordCanaryOutcome(st, canary, failed);
          const c = st.canarySteps ? st.canaryErrors / st.canarySteps : 0;
          const s = st.stableSteps ? st.stableErrors / st.stableSteps : 0;
          const expected = st.canarySteps >= 5 && (c - s) * 10_000 > threshold + 1e-9;
          if (Math.abs((c - s) * 10_000 - threshold) > 1e-6)
            expect(shouldRollBack(st, threshold)).toBe(expected);
        },
      ),
    );
  });
});
