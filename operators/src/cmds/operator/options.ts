import { Option } from "commander";
import type { ChainCliOptions } from "../../chain/index.js";

export interface RegisterCliOptions extends ChainCliOptions {
  stake: string;
  roles: string;
  dataDir?: string;
  peerId?: string;
}

export interface StakeCliOptions extends ChainCliOptions {}

export interface UnstakeCliOptions extends ChainCliOptions {
  withdraw: boolean;
}

export interface StatusCliOptions extends ChainCliOptions {
  address?: string;
}

export interface ClaimCliOptions extends ChainCliOptions {
  operator?: string;
  lease?: string[];
}

export const registerOptions = () => [
  new Option(
    "--stake <pad>",
    "PAD to stake (decimal PAD, e.g. 1000); at least stake.minOperator",
  ).makeOptionMandatory(),
  new Option("--roles <list>", "comma list of compute, execution, coordination, verification").default(
    "compute,execution",
  ),
  new Option(
    "--data-dir <dir>",
    "the node's data directory: its libp2p identity is <dir>/peer.key (created if missing, so the node starts with the registered id)",
  ),
  new Option("--peer-id <id>", "register this libp2p peer id instead of reading <data-dir>/peer.key"),
];

export const unstakeOptions = () => [
  new Option(
    "--withdraw",
    "withdraw everything whose unbonding period has passed (alone, or after starting a new unbond)",
  ).default(false),
];

export const statusOptions = () => [
  new Option("--address <address>", "operator to show (default: the key's account; no key needed with it)"),
];

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export const claimOptions = () => [
  new Option("--operator <address>", "whose claims to finalize (default: the key's account)"),
  new Option("--lease <id>", "only this lease id (0x + 64 hex); repeat for several").argParser(collect),
];
