import { decodeMessage, encodeMessage, PlacementStrategy, Role, RolePlacement } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { createAdvertIndex } from "./advert-index.js";
import { formatRolePlacement } from "./format-placement.js";
import { defaultPlacementParams } from "./params.js";
import { place } from "./place.js";
import { toRolePlacement } from "./role-placement.js";
import { GiB, makeAdvert } from "./testing/cluster.js";

describe("toRolePlacement / formatRolePlacement", () => {
  it("carries every candidate, score and reason onto the wire and into text", () => {
    const index = createAdvertIndex({ now: () => 1_000 });
    index.upsert(makeAdvert({ peerId: "good", roles: [{ role: Role.ROLE_EXECUTION, price: 10n }] }), 1_000);
    index.upsert(makeAdvert({ peerId: "dear", roles: [{ role: Role.ROLE_EXECUTION, price: 500n }] }), 1_000);
    const result = place(
      index,
      {
        sessionId: new Uint8Array([1]),
        role: Role.ROLE_EXECUTION,
        count: 2,
        resources: { cpuMillis: 100, ramBytes: GiB, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
        minBandwidthBps: 0n,
        maxPricePerFuel: 100n,
        region: "eu-west",
        strategy: PlacementStrategy.PLACEMENT_STRATEGY_LATENCY,
      },
      defaultPlacementParams(),
    );
    const wire = toRolePlacement(result, 1_700_000_000_000);
    const back = decodeMessage(RolePlacement, "RolePlacement", encodeMessage(RolePlacement, wire));
    expect(back.selected).toEqual(["good"]);
    expect(back.unplacedReason).toBe(
      "2 of 2 nodes offer execution; 1 filtered by price (cap 100 wei/fuel); 1 feasible, 2 needed",
    );
    expect(back.candidates.map((c) => [c.peerId, c.feasible, c.filteredBy])).toEqual([
      ["good", true, ""],
      ["dear", false, "price"],
    ]);
    expect(back.candidates[0]!.scores.map((s) => s.name)).toEqual([
      "price",
      "latency",
      "reputation",
      "load",
      "locality",
      "failures",
    ]);
    const text = formatRolePlacement(back);
    expect(text.split("\n")).toEqual([
      "execution: placed on good (decided 2023-11-14T22:13:20.000Z)",
      "  why: 2 of 2 nodes offer execution; 1 filtered by price (cap 100 wei/fuel); 1 feasible, 2 needed",
      expect.stringMatching(/^ {2}\* good {2}total 1\.000 {2}price=1×0\.\d+ \(10\) latency=1×/),
      "    dear  filtered by price: price 500 > cap 100 wei/fuel",
    ]);
  });
});
