import type { Command } from "commander";
import { verifyHandler } from "./handler.js";
import { verifyOptions } from "./options.js";

/** `padmesh verify <receipt-or-session>`: re-execute receipts and report match or mismatch. */
export function register(program: Command): void {
  const cmd = program
    .command("verify")
    .argument("<receipt-or-session>", "a receipt file (JSON or protobuf) or a session id (0x + 64 hex)")
    .description(
      "check receipts (operator signature, per-lease hash chain) and re-execute them with the deterministic runtime, field by field. " +
        "A receipt file is re-executed with --module, --input and --state; a session's receipts come from the scheduler, " +
        "which does not serve step inputs or state, so those are checked but reported as not re-executed. Exit code 1 on any mismatch",
    );
  for (const o of verifyOptions()) cmd.addOption(o);
  cmd.action(async (target, opts) => {
    const report = await verifyHandler(target, opts);
    if (report.mismatched > 0) process.exitCode = 1;
  });
}
