import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseWorkerFlags } from "../bin/flags.js";
import { ConfigError } from "../errors.js";
import { loadNodeConfig } from "./load.js";
import { loadOperatorKey } from "./operator-key.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("node config", () => {
  it("layers file < env < flags and fills defaults", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-cfg-"));
    dirs.push(dir);
    const file = join(dir, "node.json");
    await writeFile(
      file,
      JSON.stringify({
        dataDir: "/from-file",
        region: "file",
        metrics: { port: 1 },
        capacity: { leaseSlots: 3 },
      }),
    );
    const { flags } = parseWorkerFlags([
      "--metrics-port",
      "3",
      "--roles",
      "verification",
      "--dishonest-rate",
      "0.25",
      "--forge-rate",
      "0.5",
      "--forge-kind",
      "signature",
    ]);
    const c = await loadNodeConfig({
      file,
      env: { PADMESH_REGION: "env", PADMESH_METRICS_PORT: "2" },
      flags,
    });
    expect(c.dataDir).toBe("/from-file");
    expect(c.region).toBe("env");
    expect(c.metrics).toEqual({ enabled: true, host: "127.0.0.1", port: 3 });
    expect(c.roles).toEqual(["verification"]);
    expect(c.capacity.leaseSlots).toBe(3);
    expect(c.faults).toEqual({
      dishonestRate: 0.25,
      dishonestAfterSequence: 0,
      forgeRate: 0.5,
      forgeKind: "signature",
      relayTamperRate: 0,
    });
    expect(c.adverts.intervalMs).toBe(10_000);
    expect(c.journal.sync).toBe(true);
  });

  it("rejects bad values with a typed error naming the field", async () => {
    await expect(loadNodeConfig({ flags: { dataDir: "/x", faults: { dishonestRate: 2 } } })).rejects.toThrow(
      /faults.dishonestRate/,
    );
    await expect(loadNodeConfig({ flags: { dataDir: "/x", bogus: 1 } })).rejects.toBeInstanceOf(ConfigError);
    await expect(
      loadNodeConfig({ flags: { dataDir: "/x", faults: { forgeKind: "output" } } }),
    ).rejects.toThrow(/faults.forgeKind/);
    await expect(loadNodeConfig({ flags: {} })).rejects.toThrow(/dataDir/);
    expect(() => parseWorkerFlags(["--nope"])).toThrow();
  });

  it("reads the operator key from a file or the env and refuses anything else, without echoing it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-key-"));
    dirs.push(dir);
    const key = `0x${"ab".repeat(32)}`;
    await writeFile(join(dir, "op.key"), `${key}\n`);
    expect(await loadOperatorKey({ keyFile: join(dir, "op.key") })).toBe(key);
    expect(await loadOperatorKey({ env: { PADMESH_OPERATOR_KEY: key } })).toBe(key);
    const bad = "0xnot-a-key-but-secret";
    const err = await loadOperatorKey({ env: { PADMESH_OPERATOR_KEY: bad } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).not.toContain(bad);
  });
});
