import type { Command } from "commander";
import { dashboardHandler } from "./handler.js";
import { dashboardOptions } from "./options.js";

/** `padmesh dashboard`: print the running scheduler's dashboard URL (and a one-line health summary). */
export function register(program: Command): void {
  const cmd = program
    .command("dashboard")
    .description(
      "print the URL of a running scheduler's web dashboard (nodes, sessions, receipts, alarms, traces)",
    );
  for (const o of dashboardOptions) cmd.addOption(o);
  cmd.action(dashboardHandler);
}
