import { type CreateSessionRequest, PlacementStrategy, Role } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../errors.js";
import { roleSpecs } from "./convert.js";

const base = (roles: CreateSessionRequest["roles"]): CreateSessionRequest => ({
  sessionId: new Uint8Array(32),
  owner: "0x0000000000000000000000000000000000000001",
  roles,
  priority: 0,
  fuelLimitPerStep: 0n,
  canary: undefined,
  auth: undefined,
});
const req = (role: Role, extra: Partial<CreateSessionRequest["roles"][number]> = {}) => ({
  role,
  count: 0,
  moduleHash: new Uint8Array(32).fill(1),
  resources: undefined,
  minBandwidthBps: 0n,
  maxPricePerFuel: 0n,
  region: "",
  strategy: PlacementStrategy.PLACEMENT_STRATEGY_UNSPECIFIED,
  ...extra,
});

describe("role requirements", () => {
  it("defaults count to 1, a lease slot per lease, and the strategy by role", () => {
    const specs = roleSpecs(base([req(Role.ROLE_COMPUTE), req(Role.ROLE_EXECUTION)]));
    expect(specs.map((s) => s.count)).toEqual([1, 1]);
    expect(specs[0]?.resources.leaseSlots).toBe(1);
    expect(specs[0]?.strategy).toBe(PlacementStrategy.PLACEMENT_STRATEGY_THROUGHPUT);
    expect(specs[1]?.strategy).toBe(PlacementStrategy.PLACEMENT_STRATEGY_LATENCY);
  });

  it("refuses sessions without compute, duplicate or unknown roles, and bad module hashes", () => {
    expect(() => roleSpecs(base([]))).toThrow(InvalidRequestError);
    expect(() => roleSpecs(base([req(Role.ROLE_EXECUTION)]))).toThrow(/compute/);
    expect(() => roleSpecs(base([req(Role.ROLE_COMPUTE), req(Role.ROLE_COMPUTE)]))).toThrow(/twice/);
    expect(() => roleSpecs(base([req(9 as Role)]))).toThrow(/unknown role/);
    expect(() =>
      roleSpecs(base([req(Role.ROLE_COMPUTE), req(Role.ROLE_COORDINATION, { count: 2 })])),
    ).toThrow(/one coordinator/);
    expect(() =>
      roleSpecs(
        base([req(Role.ROLE_COMPUTE), req(Role.ROLE_COORDINATION, { moduleHash: new Uint8Array(0) })]),
      ),
    ).toThrow(/32 bytes/);
    // A coordinator is placed for latency, like execution.
    expect(roleSpecs(base([req(Role.ROLE_COMPUTE), req(Role.ROLE_COORDINATION)]))[1]?.strategy).toBe(
      PlacementStrategy.PLACEMENT_STRATEGY_LATENCY,
    );
    expect(() => roleSpecs(base([req(Role.ROLE_COMPUTE, { moduleHash: new Uint8Array(3) })]))).toThrow(
      /32 bytes/,
    );
    // A verification role needs no module of its own.
    expect(
      roleSpecs(
        base([req(Role.ROLE_COMPUTE), req(Role.ROLE_VERIFICATION, { moduleHash: new Uint8Array(0) })]),
      ),
    ).toHaveLength(2);
  });
});
