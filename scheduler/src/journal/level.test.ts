import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLevelJournal } from "./level.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

describe("level journal", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("group-commits concurrent writers, resolves each only when durable, and survives reopening", async () => {
    dir = await mkdtemp(join(tmpdir(), "padmesh-journal-"));
    const j = createLevelJournal({ path: dir });
    await j.start();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 500; i++)
      writes.push(j.write([{ type: "put", key: `k/${String(i).padStart(4, "0")}`, value: enc(`v${i}`) }]));
    await Promise.all(writes);
    expect(j.stats.ops).toBe(500);
    expect(j.stats.commits).toBeLessThan(500);
    // Writes issued from inside a resolution (the race a group commit must not lose).
    await j
      .write([{ type: "put", key: "a", value: enc("1") }])
      .then(() => j.write([{ type: "put", key: "b", value: enc("2") }]));
    await j.stop();
    const again = createLevelJournal({ path: dir });
    await again.start();
    expect(dec(await again.get("k/0499"))).toBe("v499");
    expect(dec(await again.get("b"))).toBe("2");
    const keys: string[] = [];
    for await (const [k] of again.entries("k/", { after: "k/0497" })) keys.push(k);
    expect(keys).toEqual(["k/0498", "k/0499"]);
    await again.stop();
  });
});
