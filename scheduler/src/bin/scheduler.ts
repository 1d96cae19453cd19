#!/usr/bin/env -S npx tsx
/**
 * The scheduler process: loads config (file + env + flags), starts, prints one JSON line on
 * stdout when ready, and stops cleanly on SIGINT/SIGTERM. Logs (pino) go to stderr.
 *
 *   tsx scheduler/src/bin/scheduler.ts --config sched.json --data-dir ./data --grpc-port 7000
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config/schema.js";
import { createScheduler } from "../scheduler.js";

const { values } = parseArgs({
  options: {
    config: { type: "string" },
    "data-dir": { type: "string" },
    "grpc-port": { type: "string" },
    "metrics-port": { type: "string" },
    "rpc-url": { type: "string" },
    deployment: { type: "string" },
    listen: { type: "string", multiple: true },
    bootstrap: { type: "string", multiple: true },
    "log-level": { type: "string" },
    "heartbeat-ms": { type: "string" },
  },
});

const flags: Record<string, unknown> = {};
if (values["data-dir"]) flags.dataDir = values["data-dir"];
if (values["grpc-port"]) flags.grpc = { port: values["grpc-port"] };
if (values["metrics-port"]) flags.metrics = { port: values["metrics-port"] };
if (values["rpc-url"] || values.deployment) {
  flags.chain = {
    ...(values["rpc-url"] ? { rpcUrl: values["rpc-url"] } : {}),
    ...(values.deployment ? { deployment: values.deployment } : {}),
  };
}
if (values.listen || values.bootstrap) {
  flags.p2p = {
    ...(values.listen ? { listen: values.listen } : {}),
    ...(values.bootstrap ? { bootstrap: values.bootstrap } : {}),
  };
}
if (values["log-level"]) flags.log = { level: values["log-level"] };
if (values["heartbeat-ms"]) flags.leases = { heartbeatIntervalMs: values["heartbeat-ms"] };

try {
  const config = await loadConfig({
    ...(values.config ? { file: values.config } : {}),
    env: process.env,
    flags,
  });
  const scheduler = await createScheduler({}, config);
  await scheduler.start();
  const info = scheduler.info;
  process.stdout.write(
    `${JSON.stringify({ event: "ready", grpc: info.grpc, peerId: info.peerId, multiaddrs: info.multiaddrs, metrics: info.metrics })}\n`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${JSON.stringify({ msg: "stopping", signal })}\n`);
    await scheduler.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (err) {
  const e = err as { code?: string; message?: string };
  process.stderr.write(
    `${JSON.stringify({ event: "error", code: e.code ?? "ERR_INTERNAL", message: e.message })}\n`,
  );
  process.exit(1);
}
