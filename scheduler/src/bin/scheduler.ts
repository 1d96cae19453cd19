#!/usr/bin/env -S npx tsx
/**
 * The scheduler process: loads config (file + env + flags), starts, prints one JSON line on
 * stdout when ready, and stops cleanly on SIGINT/SIGTERM. Logs (pino) go to stderr.
 *
 *   tsx scheduler/src/bin/scheduler.ts --config sched.json --data-dir ./data --grpc-port 7000
 */
import { parseArgs } from "node:util";
import { runSchedulerProcess, schedulerFlags } from "../process.js";

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

try {
  await runSchedulerProcess({
    ...(values.config ? { configFile: values.config } : {}),
    env: process.env,
    flags: schedulerFlags({
      dataDir: values["data-dir"],
      grpcPort: values["grpc-port"],
      metricsPort: values["metrics-port"],
      rpcUrl: values["rpc-url"],
      deployment: values.deployment,
      listen: values.listen,
      bootstrap: values.bootstrap,
      logLevel: values["log-level"],
      heartbeatMs: values["heartbeat-ms"],
    }),
  });
} catch (err) {
  const e = err as { code?: string; message?: string };
  process.stderr.write(
    `${JSON.stringify({ event: "error", code: e.code ?? "ERR_INTERNAL", message: e.message })}\n`,
  );
  process.exit(1);
}
