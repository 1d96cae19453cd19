import { describe, expect, it } from "vitest";
import { createPeerPenalties } from "./peer-penalties.js";

describe("peer penalties", () => {
  it("bans after repeated violations and forgives as the penalty decays", () => {
    let now = 0;
    const p = createPeerPenalties({ violationCost: 10, banThreshold: -50, halfLifeMs: 1000, now: () => now });
    for (let i = 0; i < 4; i++) p.penalise("x");
    expect(p.isBanned("x")).toBe(false);
    p.penalise("x");
    expect(p.isBanned("x")).toBe(true);
    expect(p.score("y")).toBe(0);
    now += 1000;
    expect(p.score("x")).toBeCloseTo(-25);
    expect(p.isBanned("x")).toBe(false);
    now += 60_000;
    expect(p.score("x")).toBe(0);
    expect(p.size).toBe(0);
  });
});
