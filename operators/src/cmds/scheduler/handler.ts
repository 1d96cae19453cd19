import { runSchedulerProcess, schedulerFlags } from "@padmesh/scheduler";
import type { SchedulerStartCliOptions } from "./options.js";

/** Start the scheduler in this process; prints its ready line and runs until SIGINT/SIGTERM. */
export async function schedulerStartHandler(opts: SchedulerStartCliOptions): Promise<void> {
  await runSchedulerProcess({
    ...(opts.config ? { configFile: opts.config } : {}),
    env: process.env,
    flags: schedulerFlags(opts),
  });
}
