import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// Solidity compiles offline with the npm `solc` (soljson wasm); keep `version` equal to it.
export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    version: "0.8.28",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
  },
  paths: {
    sources: "contracts/src",
    tests: { solidity: "contracts/test", nodejs: "contracts/test" },
    cache: "cache",
    artifacts: "artifacts",
  },
  test: { solidity: { fuzz: { runs: 1000 }, invariant: { runs: 256, depth: 128 } } },
});
