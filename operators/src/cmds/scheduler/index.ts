import type { Command } from "commander";
import { schedulerStartHandler } from "./handler.js";
import { schedulerStartOptions } from "./options.js";

/** `padmesh scheduler start`: run a scheduler (placement, leases, sessions, gRPC API). */
export function register(program: Command): void {
  const scheduler = program.command("scheduler").description("run the PadMesh scheduler");
  const start = scheduler
    .command("start")
    .description("start a scheduler; prints one JSON ready line, stops cleanly on SIGINT/SIGTERM");
  for (const o of schedulerStartOptions) start.addOption(o);
  start.action(schedulerStartHandler);
}
