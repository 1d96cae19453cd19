/**
 * Options every chain-touching command shares: where the chain is, which PadMesh deployment, whose
 * key signs. The key file's env fallback (PADMESH_OPERATOR_KEY) carries the key itself, so it is
 * read by the context, never shown as an option default.
 */
import { Option } from "commander";

export const DEFAULT_RPC_URL = "http://127.0.0.1:18545";

export interface ChainCliOptions {
  rpcUrl: string;
  deployment?: string;
  keyFile?: string;
  json: boolean;
}

/** `--json`, for commands that print a result. */
export const jsonOption = () =>
  new Option("--json", "print the result as one JSON object on stdout (progress goes to stderr)").default(
    false,
  );

/** Fresh Option objects each call: commander options cannot be shared between commands. */
export function chainOptions(): Option[] {
  return [
    new Option("--rpc-url <url>", "JSON-RPC endpoint of the chain")
      .env("PADMESH_RPC_URL")
      .default(DEFAULT_RPC_URL),
    new Option(
      "--deployment <file>",
      "PadMesh deployments file (default: deployments/<chainId>.json in the current directory)",
    ).env("PADMESH_DEPLOYMENT"),
    new Option(
      "--key-file <file>",
      "file holding the signing account's private key (0x + 64 hex, first line); without it the key is read from env PADMESH_OPERATOR_KEY. Keys are never printed",
    ),
    jsonOption(),
  ];
}
