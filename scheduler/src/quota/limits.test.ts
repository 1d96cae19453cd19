import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { admitByPriority, admitWindow, takeToken } from "./limits.js";

describe("rate limits", () => {
  it("a window admits exactly `limit` events, then hints when it reopens", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 60_000 }), (limit, windowMs) => {
        let s: ReturnType<typeof admitWindow>["state"] | undefined;
        for (let i = 0; i < limit; i++) {
          const a = admitWindow(s, 1000, limit, windowMs);
          expect(a.ok).toBe(true);
          s = a.state;
        }
        const refused = admitWindow(s, 1000, limit, windowMs);
        expect(refused.ok).toBe(false);
        if (!refused.ok) {
          expect(refused.retryAfterMs).toBe(windowMs);
          expect(admitWindow(refused.state, 1000 + refused.retryAfterMs, limit, windowMs).ok).toBe(true);
        }
      }),
    );
  });

  it("a token bucket never admits more than burst + rate × elapsed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.nat(500), { maxLength: 200 }),
        (rate, burst, gaps) => {
          let s: ReturnType<typeof takeToken>["state"] | undefined;
          let now = 0;
          let admitted = 0;
          for (const g of gaps) {
            now += g;
            const a = takeToken(s, now, rate, burst);
            s = a.state;
            if (a.ok) admitted++;
            else expect(takeToken(s, now + a.retryAfterMs, rate, burst).ok).toBe(true);
          }
          expect(admitted).toBeLessThanOrEqual(burst + Math.floor((rate * now) / 1000) + 1);
        },
      ),
    );
  });

  it("lower priorities are refused first", () => {
    expect(admitByPriority(5, 10, 0, 9)).toBe(false);
    expect(admitByPriority(5, 10, 9, 9)).toBe(true);
    expect(admitByPriority(9, 10, 9, 9)).toBe(true);
    expect(admitByPriority(10, 10, 9, 9)).toBe(false);
  });
});
