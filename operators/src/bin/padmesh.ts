#!/usr/bin/env node
/** The `padmesh` command line: node, scheduler, operator, verify, gov, explain, devnet. */
import { Command } from "commander";
import { commands } from "../cmds/index.js";

const program = new Command("padmesh")
  .description("PadMesh: a decentralized compute runtime mesh for DeFi agents, settled in PAD")
  .version("0.1.0")
  .showHelpAfterError("(run with --help for usage)");

for (const register of commands) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { code?: string; shortMessage?: string; message?: string };
  console.error(`padmesh: ${e.shortMessage ?? e.message ?? String(err)}${e.code ? ` [${e.code}]` : ""}`);
  process.exitCode = 1;
});
