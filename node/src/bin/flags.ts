/** Command-line flags of the worker, mapped onto config fields (the highest config layer). */
import { parseArgs } from "node:util";

export const WORKER_FLAGS = {
  config: { type: "string" },
  "data-dir": { type: "string" },
  "operator-key-file": { type: "string" },
  roles: { type: "string" },
  region: { type: "string" },
  listen: { type: "string", multiple: true },
  bootstrap: { type: "string", multiple: true },
  mdns: { type: "boolean" },
  "metrics-port": { type: "string" },
  "no-metrics": { type: "boolean" },
  "advert-interval-ms": { type: "string" },
  "rpc-url": { type: "string" },
  deployment: { type: "string" },
  "chain-id": { type: "string" },
  "session-escrow": { type: "string" },
  "probe-target": { type: "string" },
  "journal-sync": { type: "string" },
  "dishonest-rate": { type: "string" },
  "forge-rate": { type: "string" },
  "forge-kind": { type: "string" },
  "log-level": { type: "string" },
} as const;

export interface ParsedWorkerFlags {
  configFile?: string;
  flags: Record<string, unknown>;
}

/** Parse argv into a config layer. Throws on unknown flags. */
export function parseWorkerFlags(argv: string[]): ParsedWorkerFlags {
  const { values: v } = parseArgs({
    args: argv,
    options: WORKER_FLAGS,
    strict: true,
    allowPositionals: false,
  });
  const f: Record<string, unknown> = {};
  const sub = (k: string): Record<string, unknown> => {
    if (!f[k]) f[k] = {};
    return f[k] as Record<string, unknown>;
  };
  if (v["data-dir"]) f.dataDir = v["data-dir"];
  if (v["operator-key-file"]) f.operatorKeyFile = v["operator-key-file"];
  if (v.roles) f.roles = v.roles.split(",").map((s) => s.trim());
  if (v.region) f.region = v.region;
  if (v.listen) sub("network").listen = v.listen;
  if (v.bootstrap) sub("network").bootstrap = v.bootstrap;
  if (v.mdns) sub("network").mdns = true;
  if (v["metrics-port"]) sub("metrics").port = Number(v["metrics-port"]);
  if (v["no-metrics"]) sub("metrics").enabled = false;
  if (v["advert-interval-ms"]) sub("adverts").intervalMs = Number(v["advert-interval-ms"]);
  if (v["rpc-url"]) sub("chain").rpcUrl = v["rpc-url"];
  if (v.deployment) sub("chain").deployment = v.deployment;
  if (v["chain-id"]) sub("chain").chainId = v["chain-id"];
  if (v["session-escrow"]) sub("chain").sessionEscrow = v["session-escrow"];
  if (v["probe-target"]) sub("probe").bandwidthTarget = v["probe-target"];
  if (v["journal-sync"]) sub("journal").sync = v["journal-sync"] !== "false";
  if (v["dishonest-rate"]) sub("faults").dishonestRate = Number(v["dishonest-rate"]);
  if (v["forge-rate"]) sub("faults").forgeRate = Number(v["forge-rate"]);
  if (v["forge-kind"]) sub("faults").forgeKind = v["forge-kind"];
  if (v["log-level"]) sub("log").level = v["log-level"];
  return { configFile: v.config, flags: f };
}
