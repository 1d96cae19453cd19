/**
 * Writes `contracts/ts/generated/abis.ts` (typed ABIs `as const` + creation bytecode) from the
 * Hardhat artifacts. Run through `npm run build:contracts` (= `hardhat build` + this script);
 * the generated file is committed so `npm start` needs no Solidity compiler, and
 * `contracts/test/generated.test.ts` fails when it is out of date with the sources.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { renderGeneratedAbis } from "./render-abis.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const out = fileURLToPath(new URL("../ts/generated/abis.ts", import.meta.url));

const text = await renderGeneratedAbis(root);
await writeFile(out, text);
console.log(`wrote ${out} (${text.length} bytes)`);
