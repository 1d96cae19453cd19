/**
 * The signing account of a chain command: from `--key-file` (first line) or env
 * PADMESH_OPERATOR_KEY. The key goes straight into a viem account and is never printed or logged.
 */
import { readFile } from "node:fs/promises";
import type { Hex } from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { ChainOptionError } from "./errors.js";

const HEX_KEY = /^0x[0-9a-fA-F]{64}$/;

export interface LoadAccountOptions {
  keyFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/** The account whose key is in `keyFile`, else in env PADMESH_OPERATOR_KEY; throws ChainOptionError. */
export async function loadAccount(options: LoadAccountOptions): Promise<PrivateKeyAccount> {
  let key: string | undefined;
  let source: string;
  if (options.keyFile) {
    source = `key file ${options.keyFile}`;
    try {
      key = (await readFile(options.keyFile, "utf8")).split(/\r?\n/)[0]?.trim();
    } catch (cause) {
      throw new ChainOptionError(
        "key-file",
        `cannot read the ${source}: check the path and its permissions`,
        {
          cause,
        },
      );
    }
  } else {
    source = "env PADMESH_OPERATOR_KEY";
    key = options.env?.PADMESH_OPERATOR_KEY?.trim();
  }
  if (!key) {
    throw new ChainOptionError(
      "key-file",
      "this command needs the account's key: pass --key-file <file> or set PADMESH_OPERATOR_KEY",
    );
  }
  if (!HEX_KEY.test(key)) {
    throw new ChainOptionError(
      "key-file",
      `the ${source} does not hold a key: expected 0x followed by 64 hex digits`,
    );
  }
  return privateKeyToAccount(key as Hex);
}
