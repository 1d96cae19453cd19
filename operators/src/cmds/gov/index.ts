import type { Command } from "commander";
import { chainOptions } from "../../chain/index.js";
import { delegateHandler } from "./delegate.js";
import { delegateOptions, proposeOptions, voteOptions } from "./options.js";
import { paramsHandler } from "./params.js";
import { proposeHandler } from "./propose.js";
import { executeHandler, queueHandler } from "./queue.js";
import { govStatusHandler } from "./status.js";
import { voteHandler } from "./vote.js";

/** `padmesh gov params|propose|vote|queue|execute|status|delegate`: MeshParams governance. */
export function register(program: Command): void {
  const gov = program
    .command("gov")
    .description(
      "govern MeshParams (scheduling weights, thresholds, rate limits, stakes, windows, slashing, fees) through the Governor and Timelock",
    );
  const add = (cmd: Command, extra: ReturnType<typeof proposeOptions> = [], withKey = true) => {
    for (const o of [...extra, ...chainOptions()]) if (withKey || o.long !== "--key-file") cmd.addOption(o);
    return cmd;
  };

  add(
    gov.command("params").description("list every parameter with its value, bounds and unit"),
    [],
    false,
  ).action(async (opts) => {
    await paramsHandler(opts);
  });
  add(
    gov
      .command("propose")
      .description(
        "propose MeshParams changes (prints the proposal id); voting opens after the voting delay",
      ),
    proposeOptions(),
  ).action(async (opts) => {
    await proposeHandler(opts);
  });
  add(
    gov
      .command("vote")
      .argument("<proposal-id>", "the id `gov propose` printed")
      .description("vote on an active proposal with the key's delegated PAD votes"),
    voteOptions(),
  ).action(async (id, opts) => {
    await voteHandler(id, opts);
  });
  add(
    gov
      .command("queue")
      .argument("<proposal-id>", "a proposal that passed")
      .description("queue a passed proposal in the Timelock (its actions are read back from the chain)"),
  ).action(async (id, opts) => {
    await queueHandler(id, opts);
  });
  add(
    gov
      .command("execute")
      .argument("<proposal-id>", "a queued proposal")
      .description("execute a queued proposal after the timelock delay; prints the parameter changes"),
  ).action(async (id, opts) => {
    await executeHandler(id, opts);
  });
  add(
    gov
      .command("status")
      .argument("<proposal-id>", "a proposal id")
      .description("a proposal's state, votes, quorum, voting blocks and what to do next"),
    [],
    false,
  ).action(async (id, opts) => {
    await govStatusHandler(id, opts);
  });
  add(
    gov
      .command("delegate")
      .description(
        "delegate the key's PAD voting power (to itself by default): undelegated PAD does not vote",
      ),
    delegateOptions(),
  ).action(async (opts) => {
    await delegateHandler(opts);
  });
}
