import { inspect } from "node:util";
import { createKeySigner, sha256 } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { createThreadSigner } from "./thread-signer.js";

const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe("thread signer", () => {
  it("signs byte-identically to createKeySigner, in order, under concurrency", async () => {
    const ts = createThreadSigner(KEY, { threads: 2, maxBatch: 7 });
    const ref = createKeySigner(KEY);
    try {
      expect(ts.address).toBe(ref.address);
      const digests = Array.from({ length: 50 }, (_, i) => sha256(new Uint8Array([i])));
      const got = await Promise.all(digests.map((d) => ts.signDigest(d)));
      for (let i = 0; i < digests.length; i++) {
        expect(Buffer.from(got[i] as Uint8Array)).toEqual(
          Buffer.from(await ref.signDigest(digests[i] as Uint8Array)),
        );
      }
      expect(inspect(ts)).not.toContain(KEY.slice(2));
      expect(JSON.stringify(ts)).not.toContain(KEY.slice(2));
    } finally {
      await ts.close();
    }
    await expect(ts.signDigest(new Uint8Array(32))).rejects.toThrow("closed");
  });
});
