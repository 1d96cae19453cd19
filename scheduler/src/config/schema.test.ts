import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { resolveConfig } from "./schema.js";

const base = { dataDir: "/tmp/x", chain: { rpcUrl: "http://127.0.0.1:8545", deployment: "d.json" } };

describe("scheduler config", () => {
  it("fills defaults", () => {
    const c = resolveConfig({ file: base });
    expect(c.grpc).toEqual({ host: "127.0.0.1", port: 0 });
    expect(c.leases.heartbeatIntervalMs).toBe(1000);
  });
  it("env overrides the file and flags override env", () => {
    const c = resolveConfig({
      file: { ...base, grpc: { port: 1 } },
      env: { PADMESH_SCHEDULER_GRPC_PORT: "2", PADMESH_SCHEDULER_BOOTSTRAP: "/a,/b" },
      flags: { grpc: { port: 3 } },
    });
    expect(c.grpc.port).toBe(3);
    expect(c.p2p.bootstrap).toEqual(["/a", "/b"]);
    expect(
      resolveConfig({ file: { ...base, grpc: { port: 1 } }, env: { PADMESH_SCHEDULER_GRPC_PORT: "2" } }).grpc
        .port,
    ).toBe(2);
  });
  it("refuses an invalid config with a typed error naming the field", () => {
    expect(() => resolveConfig({ file: { ...base, grpc: { port: 70000 } } })).toThrow(ConfigError);
    try {
      resolveConfig({ file: { dataDir: "/x" } });
    } catch (err) {
      expect((err as ConfigError).details).toContain("chain");
    }
  });
});
