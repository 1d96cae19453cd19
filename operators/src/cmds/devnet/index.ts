import type { Command } from "commander";
import { devnetHandler } from "./handler.js";
import { devnetOptions } from "./options.js";

/** `padmesh devnet`: the embedded default — chain, contracts, scheduler, workers, and a demo session. */
export function register(program: Command): void {
  const cmd = program
    .command("devnet")
    .description(
      "start a whole local mesh (Hardhat chain, contracts, scheduler, 3 workers + a verifier); with --demo, run a sample session to settlement and print a summary",
    );
  for (const o of devnetOptions) cmd.addOption(o);
  cmd.action(devnetHandler);
}
