/**
 * Every `padmesh` subcommand, registered in the order `--help` lists them. Each command lives in
 * `cmds/<name>/{index,options,handler}.ts`; its index exports `register(program)`.
 */
import type { Command } from "commander";
import { register as chaos } from "./chaos/index.js";
import { register as dashboard } from "./dashboard/index.js";
import { register as devnet } from "./devnet/index.js";
import { register as explain } from "./explain/index.js";
import { register as gov } from "./gov/index.js";
import { register as node } from "./node/index.js";
import { register as operator } from "./operator/index.js";
import { register as scheduler } from "./scheduler/index.js";
import { register as verify } from "./verify/index.js";

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [devnet, operator, gov, scheduler, explain, verify, node];
commands.push(chaos);
commands.push(dashboard);
