/**
 * Building AssemblyScript agents with the pinned compiler and the flags the runtime expects
 * (stub runtime, imported memory with a maximum). Skips an agent whose output is up to date: the
 * sources, flags and compiler version are hashed into `<name>.wasm.inputs` beside the output.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RuntimeError } from "../errors.js";
import { sha256 } from "../hashes.js";
import { AGENTS_DIR, SAMPLE_AGENT_NAMES } from "./sample-agents.js";

/** asc flags every agent is built with (documented in docs/runtime.md). */
export const ASC_FLAGS: readonly string[] = [
  "-O3",
  "--runtime",
  "stub",
  "--importMemory",
  "--initialMemory",
  "1",
  "--maximumMemory",
  "256",
  "--noExportMemory",
];

export class AgentBuildError extends RuntimeError {
  constructor(name: string, output: string) {
    super("ERR_AGENT_BUILD", `could not build agent ${name}`, { details: output });
  }
}

export interface BuildAgentOptions {
  /** AssemblyScript entry file. */
  source: string;
  /** Output .wasm path. */
  output: string;
  /** Other files whose changes require a rebuild (the kit). */
  dependencies?: string[];
  force?: boolean;
  /** asc flags; default ASC_FLAGS. */
  flags?: readonly string[];
}

function ascVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("assemblyscript/package.json") as { version: string }).version;
}

/** Builds one agent; returns false when it was already up to date. */
export async function buildAgent(options: BuildAgentOptions): Promise<boolean> {
  const files = [options.source, ...(options.dependencies ?? [])];
  const flags = options.flags ?? ASC_FLAGS;
  const parts = [ascVersion(), ...flags];
  for (const f of files) parts.push(f, (await readFile(f)).toString("utf8"));
  const stamp = Buffer.from(sha256(new TextEncoder().encode(parts.join("\0")))).toString("hex");
  const stampPath = `${options.output}.inputs`;
  if (!options.force && existsSync(options.output) && existsSync(stampPath)) {
    if ((await readFile(stampPath, "utf8")).trim() === stamp) return false;
  }
  const { default: asc } = await import("assemblyscript/asc");
  let log = "";
  const stream = {
    write(chunk: string | Uint8Array) {
      log += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
      return true;
    },
  };
  // Build to a temporary name and rename: concurrent builds (parallel test files) never see half a file.
  const tmp = `${options.output}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp.wasm`;
  await mkdir(dirname(options.output), { recursive: true });
  try {
    const result = await asc.main([options.source, "-o", tmp, ...flags], {
      stdout: stream as never,
      stderr: stream as never,
    });
    if (result.error) throw new AgentBuildError(options.source, `${result.error.message}\n${log}`);
    await rename(tmp, options.output);
    await writeFile(`${stampPath}.${process.pid}.tmp`, `${stamp}\n`);
    await rename(`${stampPath}.${process.pid}.tmp`, stampPath);
  } finally {
    await rm(tmp, { force: true });
  }
  return true;
}

/** Builds the sample agents into runtime/agents/build; returns the names rebuilt. */
export async function buildSampleAgents(options: { force?: boolean } = {}): Promise<string[]> {
  const buildDir = join(AGENTS_DIR, "build");
  await mkdir(buildDir, { recursive: true });
  const kitDir = join(AGENTS_DIR, "kit");
  const kit = (await readdir(kitDir)).filter((f) => f.endsWith(".ts")).map((f) => join(kitDir, f));
  const built: string[] = [];
  for (const name of SAMPLE_AGENT_NAMES) {
    const rebuilt = await buildAgent({
      source: join(AGENTS_DIR, "src", `${name}.ts`),
      output: join(buildDir, `${name}.wasm`),
      dependencies: kit.sort(),
      force: options.force ?? false,
    });
    if (rebuilt) built.push(name);
  }
  return built;
}
