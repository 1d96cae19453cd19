import type { Command } from "commander";
import { chaosHandler } from "./handler.js";
import { chaosOptions } from "./options.js";

/** `padmesh chaos [drill...]`: fault and load drills against a real local mesh, with reports. */
export function register(program: Command): void {
  const cmd = program
    .command("chaos")
    .description(
      "run chaos drills (kill-workers, kill-scheduler, partition, byzantine, bad-input, load, or all) on local meshes and report the invariants",
    )
    .argument("[drills...]", "drills to run (default: all)");
  for (const o of chaosOptions) cmd.addOption(o);
  cmd.action(chaosHandler);
}
