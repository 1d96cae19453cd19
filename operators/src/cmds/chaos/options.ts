import { Option } from "commander";

export interface ChaosCliOptions {
  full: boolean;
  json: boolean;
  seed?: string;
  basePort: string;
  dataDir?: string;
  keepData: boolean;
  logLevel: string;
  param: string[];
  partitionMode: "proxy" | "sigstop";
}

export const chaosOptions = [
  new Option("--full", "the full drills (minutes, 10+ workers) instead of the short ones (seconds)").default(
    false,
  ),
  new Option("--json", "print each drill's report as one JSON object on a line").default(false),
  new Option("--seed <n>", "seed for the drills' random choices (which workers, when)"),
  new Option("--base-port <port>", "first of the ports the drills' meshes use on 127.0.0.1").default("27000"),
  new Option("--data-dir <dir>", "keep each drill's mesh data (logs, journals) under this directory"),
  new Option("--keep-data", "keep the temporary data directories (logs, journals) after the drills").default(
    false,
  ),
  new Option("--log-level <level>", "log level of the mesh's processes").default("warn"),
  new Option(
    "--partition-mode <mode>",
    "how `partition` cuts workers off: proxy (fault proxies on their links) or sigstop (freeze them)",
  )
    .choices(["proxy", "sigstop"])
    .default("proxy"),
  new Option(
    "--param <name=value...>",
    "MeshParams set at deploy, e.g. verify.sampleRateBps=5000 (repeatable)",
  ).default([]),
];
