import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSampleAgents } from "../agents/build-agents.js";

const run = promisify(execFile);
const script = fileURLToPath(new URL("./fingerprint-steps.ts", import.meta.url));

/** Fingerprints of a fixed set of sample-agent steps computed by a separate Node process. */
async function fingerprints(v8Flags: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, [...v8Flags, "--import", "tsx", script], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").pop() as string) as string[];
}

beforeAll(async () => {
  await buildSampleAgents();
});

describe("determinism across processes and V8 tiers", () => {
  it("baseline-only (Liftoff), optimizing-only (TurboFan) and default processes agree", async () => {
    const [plain, liftoff, turbofan] = await Promise.all([
      fingerprints([]),
      fingerprints(["--liftoff-only"]),
      fingerprints(["--no-liftoff", "--no-wasm-tier-up"]),
    ]);
    expect(plain.length).toBeGreaterThan(10);
    expect(liftoff).toEqual(plain);
    expect(turbofan).toEqual(plain);
  });
});
