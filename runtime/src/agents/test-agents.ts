/**
 * Hostile and probe agents (runtime/agents/test) used by the runtime's tests: infinite loop, memory
 * bomb, deep recursion, huge output, unknown import, float NaN probe, agent-reported failures.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { buildAgent } from "./build-agents.js";
import { AGENTS_DIR } from "./sample-agents.js";

export const TEST_AGENT_NAMES = [
  "loop",
  "membomb",
  "recurse",
  "bigout",
  "badimport",
  "nan",
  "fail",
  "spin",
  "bulk",
  "fib",
] as const;
export type TestAgentName = (typeof TEST_AGENT_NAMES)[number];

/** Builds (if needed) and returns the bytes of a test agent. */
export async function buildTestAgent(name: TestAgentName): Promise<Uint8Array> {
  const kitDir = join(AGENTS_DIR, "kit");
  const kit = (await readdir(kitDir)).filter((f) => f.endsWith(".ts")).map((f) => join(kitDir, f));
  const output = join(AGENTS_DIR, "build", "test", `${name}.wasm`);
  await buildAgent({ source: join(AGENTS_DIR, "test", `${name}.ts`), output, dependencies: kit.sort() });
  return new Uint8Array(await readFile(output));
}
