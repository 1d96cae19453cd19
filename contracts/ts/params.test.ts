import { readFileSync } from "node:fs";
import { keccak256, stringToBytes } from "viem";
import { describe, expect, it } from "vitest";
import { DEVNET_PARAMS, PARAM_NAMES, paramKey, paramName } from "./params.js";

describe("MeshParams names", () => {
  it("are unique and hash with keccak256(bytes(name))", () => {
    expect(new Set(PARAM_NAMES).size).toBe(PARAM_NAMES.length);
    expect(paramKey("weight.price")).toBe(keccak256(stringToBytes("weight.price")));
    for (const n of PARAM_NAMES) expect(paramName(paramKey(n))).toBe(n);
    expect(paramName(keccak256(stringToBytes("nope")))).toBeUndefined();
  });

  it("match the Solidity ParamKeys library, in the same order", () => {
    const sol = readFileSync(new URL("../src/ParamKeys.sol", import.meta.url), "utf8");
    const names = [...sol.matchAll(/keccak256\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]);
    expect(names).toEqual([...PARAM_NAMES]);
  });

  it("devnet values name only known parameters", () => {
    for (const n of Object.keys(DEVNET_PARAMS)) expect(PARAM_NAMES).toContain(n);
    expect(DEVNET_PARAMS["escrow.challengeWindow"]).toBe(60n);
    expect(DEVNET_PARAMS["verify.quorum"]).toBe(1n);
  });
});
