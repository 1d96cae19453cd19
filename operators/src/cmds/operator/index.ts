import type { Command } from "commander";
import { chainOptions } from "../../chain/index.js";
import { claimHandler } from "./claim.js";
import { claimOptions, registerOptions, statusOptions, unstakeOptions } from "./options.js";
import { registerHandler } from "./register.js";
import { stakeHandler } from "./stake.js";
import { statusHandler } from "./status.js";
import { unstakeHandler } from "./unstake.js";

/** `padmesh operator register|stake|unstake|status|claim`: an operator's money path on-chain. */
export function register(program: Command): void {
  const op = program
    .command("operator")
    .description("an operator's stake and earnings on-chain: register, stake, unstake, status, claim");

  const add = (cmd: Command, extra: ReturnType<typeof registerOptions> = []) => {
    for (const o of [...extra, ...chainOptions()]) cmd.addOption(o);
    return cmd;
  };

  add(
    op
      .command("register")
      .description(
        "approve PAD and register this account in the OperatorRegistry with the node's libp2p peer id, roles and a stake",
      ),
    registerOptions(),
  ).action(async (opts) => {
    await registerHandler(opts);
  });

  add(
    op
      .command("stake")
      .argument("<amount>", "PAD to add (decimal, e.g. 500)")
      .description("approve PAD and add it to this operator's bonded stake"),
  ).action(async (amount, opts) => {
    await stakeHandler(amount, opts);
  });

  add(
    op
      .command("unstake")
      .argument("[amount]", "PAD to start unbonding (decimal); it stays slashable until withdrawn")
      .description(
        "start unbonding stake (withdrawable after stake.unbondingPeriod), and/or --withdraw what has finished unbonding",
      ),
    unstakeOptions(),
  ).action(async (amount, opts) => {
    await unstakeHandler(amount, opts);
  });

  add(
    op
      .command("status")
      .description(
        "stake, roles, peer id, unbonding, quality counters (leases settled, challenges lost) and PAD balance",
      ),
    statusOptions(),
  ).action(async (opts) => {
    await statusHandler(opts);
  });

  add(
    op
      .command("claim")
      .argument("<session-id>", "the session (0x + 64 hex)")
      .description(
        "finalize this operator's claimed leases of a session whose challenge window has passed, which pays them out, " +
          "and show which are still in their window. The running node claims its vouchers on-chain itself when leases end, " +
          "and finalizes them after the window unless it restarts meanwhile (or runs with autoClaim off): this command " +
          "finalizes what it left (anyone may call finalize)",
      ),
    claimOptions(),
  ).action(async (sessionId, opts) => {
    await claimHandler(sessionId, opts);
  });
}
