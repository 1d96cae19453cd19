import { describe, expect, it } from "vitest";
import * as placement from "./index.js";

describe("placement public API", () => {
  it("exports exactly these values (the service codes against them)", () => {
    expect(Object.keys(placement).sort()).toMatchInlineSnapshot(`
      [
        "BINPACK_RANKERS",
        "BucketedAdvertIndex",
        "DEFAULT_CHECKS",
        "DEFAULT_MAX_CANDIDATES",
        "DEFAULT_WEIGHTS",
        "InvalidPlacementParamError",
        "InvalidPlacementRequestError",
        "LATENCY_PROFILE",
        "SPREAD_RANKERS",
        "THROUGHPUT_PROFILE",
        "UnknownNodeError",
        "addCapacity",
        "createAdvertIndex",
        "defaultPlacementParams",
        "fitsIn",
        "formatRolePlacement",
        "leaseDemand",
        "paramsFromChain",
        "place",
        "placeFullScan",
        "placeSession",
        "profileFor",
        "releaseLease",
        "requestFromRequirement",
        "reservePlacement",
        "subtractCapacity",
        "toRolePlacement",
        "zeroCapacity",
      ]
    `);
  });
});
