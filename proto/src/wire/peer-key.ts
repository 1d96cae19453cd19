/**
 * The node's libp2p identity: an Ed25519 key kept in a file, so the peer id survives restarts.
 * Written once with mode 0600 (atomic rename); never printed.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { PeerKeyError } from "./errors.js";

/**
 * Load the key at `path`, or create and persist a new Ed25519 key there.
 * @example
 * const privateKey = await loadOrCreatePeerKey(join(dataDir, "peer.key"));
 */
export async function loadOrCreatePeerKey(path: string): Promise<PrivateKey> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new PeerKeyError(path, { cause: err });
  }
  if (bytes) {
    try {
      return privateKeyFromProtobuf(bytes);
    } catch (cause) {
      throw new PeerKeyError(path, { details: "not a protobuf-encoded libp2p private key", cause });
    }
  }
  const key = await generateKeyPair("Ed25519");
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, privateKeyToProtobuf(key), { mode: 0o600 });
  await rename(tmp, path);
  return key;
}
