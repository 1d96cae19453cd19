import { sha256 } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { sampledForVerification } from "./sample.js";

describe("verification sampling", () => {
  it("samples about the asked rate, the same way every time", () => {
    let n = 0;
    for (let i = 0; i < 20_000; i++) {
      const h = sha256(new Uint8Array([i & 255, i >> 8, 1]));
      const a = sampledForVerification(h, 1_000);
      expect(sampledForVerification(h, 1_000)).toBe(a);
      if (a) n++;
    }
    expect(n).toBeGreaterThan(1700);
    expect(n).toBeLessThan(2300);
  });
  it("0 bps samples nothing, 10,000 bps everything", () => {
    const h = sha256(new Uint8Array([1]));
    expect(sampledForVerification(h, 0)).toBe(false);
    expect(sampledForVerification(h, 10_000)).toBe(true);
  });
});
