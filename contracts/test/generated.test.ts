/**
 * The committed `contracts/ts/generated/abis.ts` must equal what `npm run build:contracts` makes
 * from the current Solidity sources (`hardhat test` compiles them first).
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { renderGeneratedAbis } from "../scripts/render-abis.js";

describe("generated ABIs", () => {
  it("are up to date with contracts/src (run `npm run build:contracts`)", async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const committed = await readFile(new URL("../ts/generated/abis.ts", import.meta.url), "utf8");
    const fresh = await renderGeneratedAbis(root);
    assert.ok(committed === fresh, "contracts/ts/generated/abis.ts is stale: run `npm run build:contracts`");
  });
});
