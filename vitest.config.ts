import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{proto,runtime,node,scheduler,sdk,operators,chaos,contracts}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "contracts/test/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
