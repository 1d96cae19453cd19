import { Option } from "commander";
import type { ChainCliOptions } from "../../chain/index.js";

export interface ParamsCliOptions extends Omit<ChainCliOptions, "keyFile"> {}

export interface ProposeCliOptions extends ChainCliOptions {
  set: string[];
  description: string;
}

export interface VoteCliOptions extends ChainCliOptions {
  support: string;
  reason?: string;
}

export interface ProposalCliOptions extends ChainCliOptions {}

export interface DelegateCliOptions extends ChainCliOptions {
  to?: string;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export const proposeOptions = () => [
  new Option(
    "--set <name=value>",
    "a MeshParams change, e.g. weight.price=4200 (integer, in the parameter's unit); repeat for several: they apply atomically",
  )
    .argParser(collect)
    .makeOptionMandatory(),
  new Option("--description <text>", "what the proposal does and why (part of its id)").makeOptionMandatory(),
];

export const voteOptions = () => [
  new Option("--support <choice>", "for, against or abstain")
    .choices(["for", "against", "abstain"])
    .makeOptionMandatory(),
  new Option("--reason <text>", "a reason recorded on-chain with the vote"),
];

export const delegateOptions = () => [
  new Option("--to <address>", "delegate the key's PAD votes to this address (default: to itself)"),
];
