/** Where the sample agents live once built (`npm run build:agents`), and loading them. */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { AgentNotBuiltError } from "../errors.js";

export type SampleAgentName = "risk" | "twap" | "clearing" | "coordinator";

export const SAMPLE_AGENT_NAMES: readonly SampleAgentName[] = ["risk", "twap", "clearing", "coordinator"];

/** Directory of the AssemblyScript sources (runtime/agents). */
export const AGENTS_DIR = fileURLToPath(new URL("../../agents/", import.meta.url));

/** Absolute paths of the built sample agents. */
export const SAMPLE_AGENTS: Record<SampleAgentName, string> = {
  risk: fileURLToPath(new URL("../../agents/build/risk.wasm", import.meta.url)),
  twap: fileURLToPath(new URL("../../agents/build/twap.wasm", import.meta.url)),
  clearing: fileURLToPath(new URL("../../agents/build/clearing.wasm", import.meta.url)),
  /** The coordination module a coordinator lease runs on each step's coordination record. */
  coordinator: fileURLToPath(new URL("../../agents/build/coordinator.wasm", import.meta.url)),
};

/**
 * The bytes of a built sample agent. Throws AgentNotBuiltError (run `npm run build:agents`) when
 * the .wasm is missing.
 * @example
 * const risk = await loadModule(await loadSampleAgent("risk"));
 */
export async function loadSampleAgent(name: SampleAgentName): Promise<Uint8Array> {
  const path = SAMPLE_AGENTS[name];
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") throw new AgentNotBuiltError(name, path);
    throw cause;
  }
}
