/**
 * Run the scheduler as a process: load config (file < env < flags), start, print one JSON ready
 * line on stdout, and stop cleanly on SIGINT/SIGTERM. Shared by `scheduler/src/bin/scheduler.ts`
 * and `padmesh scheduler start`.
 */
import { loadConfig } from "./config/schema.js";
import { createScheduler, type Scheduler } from "./scheduler.js";

export interface RunSchedulerOptions {
  configFile?: string;
  env?: Record<string, string | undefined>;
  /** Highest config layer (CLI flags), same shape as the config file. */
  flags?: Record<string, unknown>;
  /** Where the ready line goes (default process.stdout). */
  out?: { write(s: string): unknown };
  /** Install SIGINT/SIGTERM handlers that stop and exit (default true). */
  handleSignals?: boolean;
}

/**
 * @example
 * await runSchedulerProcess({ configFile: "sched.json", env: process.env, flags: { grpc: { port: 7000 } } });
 */
export async function runSchedulerProcess(opts: RunSchedulerOptions): Promise<Scheduler> {
  const config = await loadConfig({
    ...(opts.configFile ? { file: opts.configFile } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.flags ? { flags: opts.flags } : {}),
  });
  const scheduler = await createScheduler({}, config);
  await scheduler.start();
  const info = scheduler.info;
  (opts.out ?? process.stdout).write(
    `${JSON.stringify({ event: "ready", grpc: info.grpc, peerId: info.peerId, multiaddrs: info.multiaddrs, metrics: info.metrics, dashboard: info.dashboard })}\n`,
  );
  if (opts.handleSignals !== false) {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${JSON.stringify({ msg: "stopping", signal })}\n`);
      scheduler.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  }
  return scheduler;
}

/** Map command-line flag values onto the config's shape. Pure. */
export function schedulerFlags(v: {
  dataDir?: string | undefined;
  grpcPort?: string | undefined;
  metricsPort?: string | undefined;
  rpcUrl?: string | undefined;
  deployment?: string | undefined;
  listen?: string[] | undefined;
  bootstrap?: string[] | undefined;
  logLevel?: string | undefined;
  heartbeatMs?: string | undefined;
}): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  if (v.dataDir) flags.dataDir = v.dataDir;
  if (v.grpcPort) flags.grpc = { port: v.grpcPort };
  if (v.metricsPort) flags.metrics = { port: v.metricsPort };
  if (v.rpcUrl || v.deployment) {
    flags.chain = {
      ...(v.rpcUrl ? { rpcUrl: v.rpcUrl } : {}),
      ...(v.deployment ? { deployment: v.deployment } : {}),
    };
  }
  if (v.listen?.length || v.bootstrap?.length) {
    flags.p2p = {
      ...(v.listen?.length ? { listen: v.listen } : {}),
      ...(v.bootstrap?.length ? { bootstrap: v.bootstrap } : {}),
    };
  }
  if (v.logLevel) flags.log = { level: v.logLevel };
  if (v.heartbeatMs) flags.leases = { heartbeatIntervalMs: v.heartbeatMs };
  return flags;
}
