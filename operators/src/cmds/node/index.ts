import type { Command } from "commander";
import { nodeClaimHandler, nodeProbeHandler, nodeStartHandler } from "./handler.js";
import { nodeClaimOptions, nodeProbeOptions, nodeStartOptions } from "./options.js";

/** `padmesh node start|probe|claim`: run a worker node, print what the probe sees, claim what it is owed. */
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
  const claim = node
    .command("claim")
    .description(
      "with the node stopped: claim the journalled vouchers of ended leases never claimed, finalize claims past the challenge window",
    );
  for (const o of nodeClaimOptions) claim.addOption(o);
  claim.action(nodeClaimHandler);
}
