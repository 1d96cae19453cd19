import { Role } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { InvalidPlacementParamError } from "./errors.js";
import { DEFAULT_WEIGHTS, paramsFromChain } from "./params.js";

describe("paramsFromChain", () => {
  it("reads weights and per-role thresholds by MeshParams name", () => {
    const p = paramsFromChain(
      new Map([
        ["weight.price", 1n],
        ["weight.latency", 2n],
        ["weight.reputation", 3n],
        ["weight.load", 4n],
        ["weight.locality", 10_000n],
        ["threshold.compute.minVramBytes", 8n << 30n],
        ["threshold.compute.minCpuMillis", 2000n],
        ["threshold.verification.minBandwidthBps", 100_000_000n],
        ["rate.stepsPerSecond", 50n],
      ]),
    );
    expect(p.weights).toEqual({ price: 1, latency: 2, reputation: 3, load: 4, locality: 10_000 });
    expect(p.thresholds[Role.ROLE_COMPUTE]).toEqual({
      minVramBytes: 8n << 30n,
      minCpuMillis: 2000,
      minBandwidthBps: 0n,
    });
    expect(p.thresholds[Role.ROLE_VERIFICATION]).toEqual({
      minVramBytes: 0n,
      minCpuMillis: 0,
      minBandwidthBps: 100_000_000n,
    });
    expect(p.thresholds[Role.ROLE_EXECUTION]).toBeUndefined();
  });

  it("falls back to the contract's default weights", () => {
    expect(paramsFromChain(new Map()).weights).toEqual(DEFAULT_WEIGHTS);
  });

  it("refuses out-of-range values with a stable code", () => {
    expect(() => paramsFromChain(new Map([["weight.load", 10_001n]]))).toThrow(InvalidPlacementParamError);
    expect(() => paramsFromChain(new Map([["threshold.execution.minCpuMillis", 2n ** 32n]]))).toThrow(
      expect.objectContaining({ code: "ERR_PLACEMENT_PARAM", param: "threshold.execution.minCpuMillis" }),
    );
  });
});
