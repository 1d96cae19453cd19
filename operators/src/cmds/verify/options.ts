import { Option } from "commander";

export const DEFAULT_SCHEDULER = "127.0.0.1:18546";

export interface VerifyCliOptions {
  module?: string;
  input?: string;
  state?: string;
  scheduler: string;
  deployment?: string;
  limit: string;
  saveReceipts?: string;
  json: boolean;
}

export const verifyOptions = () => [
  new Option("--module <file>", "the agent's wasm module (its sha256 must be the receipt's module hash)"),
  new Option("--input <file>", "the step's input bytes (single receipt)"),
  new Option(
    "--state <file>",
    "the lease's state before the step, as a StateSnapshot (single receipt; default: empty state)",
  ),
  new Option("--scheduler <host:port>", "scheduler gRPC address to fetch a session's receipts from")
    .env("PADMESH_SCHEDULER")
    .default(DEFAULT_SCHEDULER),
  new Option(
    "--deployment <file>",
    "PadMesh deployments file: its EIP-712 domain checks receipt signatures and hash chains (needed for a session)",
  ).env("PADMESH_DEPLOYMENT"),
  new Option("--limit <n>", "at most this many receipts of a session").default("10000"),
  new Option(
    "--save-receipts <dir>",
    "write each receipt checked as <dir>/<lease>-<sequence>.json, to re-execute one later with --module/--input/--state",
  ),
  new Option("--json", "print one JSON object (progress goes to stderr)").default(false),
];
