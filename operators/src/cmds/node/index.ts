import type { Command } from "commander";
import { nodeProbeHandler, nodeStartHandler } from "./handler.js";
import { nodeProbeOptions, nodeStartOptions } from "./options.js";

/** `padmesh node start|probe`: run a worker node, or print what the hardware probe sees. */
export function register(program: Command): void {
  const node = program.command("node").description("run a PadMesh worker node");
  const start = node
    .command("start")
    .description("start a worker; prints one JSON ready line, stops cleanly on SIGINT/SIGTERM");
  for (const o of nodeStartOptions) start.addOption(o);
  start.action(nodeStartHandler);
  const probe = node.command("probe").description("probe this machine's hardware once and exit");
  for (const o of nodeProbeOptions) probe.addOption(o);
  probe.action(nodeProbeHandler);
}
