/**
 * Scheduler configuration: validated with zod, assembled from three layers (a JSON file, then
 * PADMESH_SCHEDULER_* environment variables, then CLI flags). Governance values (weights, rate
 * limits, sample rate) never come from here: they come from the chain.
 */
import { readFile } from "node:fs/promises";
import { MAX_BLOB_BYTES } from "@padmesh/proto";
import { z } from "zod";
import { ConfigError } from "../errors.js";

const port = z.coerce.number().int().min(0).max(65535);
const ms = z.coerce.number().int().positive();

export const schedulerConfigSchema = z.object({
  dataDir: z.string().min(1),
  grpc: z.object({ host: z.string().default("127.0.0.1"), port: port.default(0) }).prefault({}),
  metrics: z.object({ host: z.string().default("127.0.0.1"), port: port.default(0) }).prefault({}),
  /** The web dashboard (docs/observability.md); loopback by default: it has no authentication. */
  dashboard: z
    .object({
      enabled: z.coerce.boolean().default(true),
      host: z.string().default("127.0.0.1"),
      port: port.default(0),
    })
    .prefault({}),
  /** Aggregation, alarm thresholds and trace keeping (docs/observability.md). */
  observability: z
    .object({
      alarms: z
        .object({
          flapTransitions: z.coerce.number().int().min(1).default(4),
          flapWindowMs: ms.default(300_000),
          errorRate: z.coerce.number().min(0).max(1).default(0.05),
          latencySloMs: ms.default(2_000),
          minSteps: z.coerce.number().int().min(1).default(20),
          escrowLowFraction: z.coerce.number().min(0).max(1).default(0.1),
        })
        .prefault({}),
      /** Traces kept in memory for the dashboard. */
      maxTraces: z.coerce.number().int().positive().default(1_000),
      /** OTLP/HTTP traces endpoint (e.g. http://127.0.0.1:4318/v1/traces); none when empty. */
      otlpEndpoint: z.string().default(""),
    })
    .prefault({}),
  p2p: z
    .object({
      listen: z.array(z.string()).default(["/ip4/127.0.0.1/tcp/0"]),
      bootstrap: z.array(z.string()).default([]),
      mdns: z.coerce.boolean().default(false),
    })
    .prefault({}),
  chain: z.object({
    rpcUrl: z.string().url(),
    /** Path of `deployments/<chainId>.json`. */
    deployment: z.string().min(1),
    pollingIntervalMs: ms.default(1_000),
    stakeCacheMs: ms.default(30_000),
  }),
  leases: z
    .object({
      heartbeatIntervalMs: ms.default(1_000),
      maxMissedHeartbeats: z.coerce.number().int().min(1).default(3),
      ttlMs: ms.default(10_000),
      reservationMs: ms.default(5_000),
      offerAttempts: z.coerce.number().int().min(1).default(3),
      unplacedGiveUpMs: ms.default(60_000),
      placementRetryMs: ms.default(5_000),
      requestTimeoutMs: ms.default(5_000),
      stepTimeoutMs: ms.default(30_000),
    })
    .prefault({}),
  limits: z
    .object({
      maxPendingSteps: z.coerce.number().int().positive().default(10_000),
      maxPriority: z.coerce.number().int().min(0).default(9),
      maxOpenSessionsPerProject: z.coerce.number().int().positive().default(100),
      maxBlobBytes: z.coerce.number().int().positive().max(MAX_BLOB_BYTES).default(MAX_BLOB_BYTES),
    })
    .prefault({}),
  adverts: z.object({ expireIntervalMs: ms.default(5_000) }).prefault({}),
  log: z
    .object({ level: z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info") })
    .prefault({}),
});

export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;
export type SchedulerConfigInput = z.input<typeof schedulerConfigSchema>;

/** Environment variables and the config path they set. */
export const ENV_VARS: Record<string, string> = {
  PADMESH_SCHEDULER_DATA_DIR: "dataDir",
  PADMESH_SCHEDULER_GRPC_PORT: "grpc.port",
  PADMESH_SCHEDULER_METRICS_PORT: "metrics.port",
  PADMESH_SCHEDULER_DASHBOARD_PORT: "dashboard.port",
  PADMESH_SCHEDULER_OTLP_ENDPOINT: "observability.otlpEndpoint",
  PADMESH_SCHEDULER_LISTEN: "p2p.listen",
  PADMESH_SCHEDULER_BOOTSTRAP: "p2p.bootstrap",
  PADMESH_SCHEDULER_RPC_URL: "chain.rpcUrl",
  PADMESH_SCHEDULER_DEPLOYMENT: "chain.deployment",
  PADMESH_SCHEDULER_LOG_LEVEL: "log.level",
};

type Tree = { [k: string]: unknown };

function setPath(obj: Tree, path: string, value: unknown): void {
  const parts = path.split(".");
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== "object" || cur[p] === null) cur[p] = {};
    cur = cur[p] as Tree;
  }
  cur[parts.at(-1) as string] = value;
}

function merge(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] =
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      typeof out[k] === "object" &&
      out[k] !== null
        ? merge(out[k] as Tree, v as Tree)
        : v;
  }
  return out;
}

/** Pure: merge the layers (later wins) and validate. Throws ConfigError. */
export function resolveConfig(layers: {
  file?: Tree;
  env?: Record<string, string | undefined>;
  flags?: Tree;
}): SchedulerConfig {
  const fromEnv: Tree = {};
  for (const [name, path] of Object.entries(ENV_VARS)) {
    const v = layers.env?.[name];
    if (v === undefined || v === "") continue;
    setPath(
      fromEnv,
      path,
      path === "p2p.listen" || path === "p2p.bootstrap" ? v.split(",").filter(Boolean) : v,
    );
  }
  const merged = merge(merge(layers.file ?? {}, fromEnv), layers.flags ?? {});
  const parsed = schedulerConfigSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  return parsed.data;
}

/** Read the JSON file (if any), the environment and the flags; validate. */
export async function loadConfig(opts: {
  file?: string;
  env?: Record<string, string | undefined>;
  flags?: Tree;
}): Promise<SchedulerConfig> {
  let file: Tree = {};
  if (opts.file) {
    try {
      file = JSON.parse(await readFile(opts.file, "utf8")) as Tree;
    } catch (err) {
      throw new ConfigError(`cannot read config file ${opts.file}: ${(err as Error).message}`);
    }
  }
  return resolveConfig({
    file,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.flags ? { flags: opts.flags } : {}),
  });
}
