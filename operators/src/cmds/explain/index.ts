import type { Command } from "commander";
import { explainHandler } from "./handler.js";
import { explainOptions } from "./options.js";

/** `padmesh explain <session>`: why a session went where it went, or why it went nowhere. */
export function register(program: Command): void {
  const cmd = program
    .command("explain")
    .description(
      "list each placement decision of a session: every candidate with its scores, or the check that filtered it",
    )
    .argument("<session>", "session id (0x + 64 hex)");
  for (const o of explainOptions) cmd.addOption(o);
  cmd.action(explainHandler);
}
