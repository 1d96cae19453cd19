/**
 * Throw-away keys for a devnet's operators, verifier and project, written under the devnet's data
 * directory with 0600 permissions. Never printed.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Address, Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

export interface DevKey {
  name: string;
  key: Hex;
  address: Address;
  /** Path of the key file (for `operatorKeyFile` in a node's config). */
  file: string;
}

export async function createDevKey(dir: string, name: string): Promise<DevKey> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${name}.key`);
  let key: Hex;
  try {
    key = (await readFile(file, "utf8")).trim() as Hex;
  } catch {
    key = generatePrivateKey();
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return { name, key, address: privateKeyToAccount(key).address, file };
}
