/**
 * The operator's signing key: from a key file (0x hex, first line) or env PADMESH_OPERATOR_KEY.
 * The key goes straight into a Signer (which never prints it) and is never logged.
 */
import { readFile } from "node:fs/promises";
import { createKeySigner, type Signer } from "@padmesh/proto";
import { ConfigError } from "../errors.js";

const HEX_KEY = /^0x[0-9a-fA-F]{64}$/;

export async function loadOperatorSigner(options: {
  keyFile?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<Signer> {
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
  return createKeySigner(key as `0x${string}`);
}
