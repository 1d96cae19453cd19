// A signing thread of the thread signer (thread-signer.ts). Plain JavaScript so it starts without
// a TypeScript loader. It signs 32-byte digests with viem's `sign` (RFC 6979, exactly what
// createKeySigner does), in batches. The key arrives in workerData and is never printed.
import { parentPort, workerData } from "node:worker_threads";
import { bytesToHex, hexToBytes, serializeSignature } from "viem";
import { sign } from "viem/accounts";

const privateKey = workerData.privateKey;
parentPort.on("message", async (batch) => {
  try {
    const signatures = [];
    for (const digest of batch.digests) {
      const sig = await sign({ hash: bytesToHex(digest), privateKey, to: "object" });
      signatures.push(hexToBytes(serializeSignature(sig)));
    }
    parentPort.postMessage({ id: batch.id, signatures });
  } catch (err) {
    parentPort.postMessage({ id: batch.id, error: err instanceof Error ? err.message : String(err) });
  }
});
