/** Merge config file < env < flags and validate. Pure apart from reading the file. */
import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";
import { type NodeConfig, type NodeConfigInput, nodeConfigSchema } from "./schema.js";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge (objects merge, everything else replaces). */
export function mergeConfig(...layers: Json[]): Json {
  const out: Json = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      out[k] = isObject(v) && isObject(out[k]) ? mergeConfig(out[k] as Json, v) : v;
    }
  }
  return out;
}

/** The PADMESH_* environment variables that map onto config fields. */
export function configFromEnv(env: NodeJS.ProcessEnv): Json {
  const c: Json = {};
  const set = (path: string[], value: unknown) => {
    let o = c;
    for (const p of path.slice(0, -1)) {
      if (!isObject(o[p])) o[p] = {};
      o = o[p] as Json;
    }
    o[path.at(-1) as string] = value;
  };
  if (env.PADMESH_DATA_DIR) set(["dataDir"], env.PADMESH_DATA_DIR);
  if (env.PADMESH_REGION) set(["region"], env.PADMESH_REGION);
  if (env.PADMESH_ROLES)
    set(
      ["roles"],
      env.PADMESH_ROLES.split(",").map((s) => s.trim()),
    );
  if (env.PADMESH_LISTEN) set(["network", "listen"], env.PADMESH_LISTEN.split(","));
  if (env.PADMESH_BOOTSTRAP) set(["network", "bootstrap"], env.PADMESH_BOOTSTRAP.split(",").filter(Boolean));
  if (env.PADMESH_RPC_URL) set(["chain", "rpcUrl"], env.PADMESH_RPC_URL);
  if (env.PADMESH_DEPLOYMENT) set(["chain", "deployment"], env.PADMESH_DEPLOYMENT);
  if (env.PADMESH_METRICS_PORT) set(["metrics", "port"], Number(env.PADMESH_METRICS_PORT));
  if (env.PADMESH_LOG_LEVEL) set(["log", "level"], env.PADMESH_LOG_LEVEL);
  if (env.PADMESH_NODE_OTLP_ENDPOINT) set(["tracing", "otlpEndpoint"], env.PADMESH_NODE_OTLP_ENDPOINT);
  return c;
}

export function parseNodeConfig(input: unknown): NodeConfig {
  const r = nodeConfigSchema.safeParse(input);
  if (!r.success) {
    throw new ConfigError(
      r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
    );
  }
  return r.data;
}

export interface LoadConfigOptions {
  file?: string;
  env?: NodeJS.ProcessEnv;
  flags?: NodeConfigInput | Json;
}

/**
 * @example
 * const config = await loadNodeConfig({ file: "node.json", env: process.env, flags: { dataDir: "./data" } });
 */
export async function loadNodeConfig(options: LoadConfigOptions = {}): Promise<NodeConfig> {
  let fromFile: Json = {};
  if (options.file) {
    let text: string;
    try {
      text = await readFile(options.file, "utf8");
    } catch (cause) {
      throw new ConfigError(`cannot read ${options.file}`, { cause });
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isObject(parsed)) throw new Error("top level is not an object");
      fromFile = parsed;
    } catch (cause) {
      throw new ConfigError(`${options.file} is not a JSON object`, { cause });
    }
  }
  return parseNodeConfig(
    mergeConfig(fromFile, configFromEnv(options.env ?? {}), (options.flags ?? {}) as Json),
  );
}
