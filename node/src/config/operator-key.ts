/**
 * The operator's signing key: from a key file (0x hex, first line) or env PADMESH_OPERATOR_KEY.
 * It goes straight into a Signer (which never prints it) and viem's local account; never logged.
 */
import { readFile } from "node:fs/promises";
import { createKeySigner, type Signer } from "@padmesh/proto";
import { ConfigError } from "../errors.js";

const HEX_KEY = /^0x[0-9a-fA-F]{64}$/;

export interface OperatorKeySource {
  keyFile?: string;
  env?: NodeJS.ProcessEnv;
}

/** The raw key (for the chain client's account). Keep it out of logs and errors. */
export async function loadOperatorKey(options: OperatorKeySource): Promise<`0x${string}`> {
  let key: string | undefined;
  if (options.keyFile) {
    try {
      key = (await readFile(options.keyFile, "utf8")).split(/\r?\n/)[0]?.trim();
    } catch (cause) {
      throw new ConfigError(`cannot read the operator key file ${options.keyFile}`, { cause });
    }
  } else {
    key = options.env?.PADMESH_OPERATOR_KEY?.trim();
  }
  if (!key) throw new ConfigError("no operator key: set operatorKeyFile or PADMESH_OPERATOR_KEY");
  if (!HEX_KEY.test(key)) throw new ConfigError("the operator key must be 0x followed by 64 hex digits");
  return key as `0x${string}`;
}

export async function loadOperatorSigner(options: OperatorKeySource): Promise<Signer> {
  return createKeySigner(await loadOperatorKey(options));
}
