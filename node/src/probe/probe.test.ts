import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BandwidthSource } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { interfaceSpeedBps, measureBandwidth, rateBps } from "./bandwidth.js";
import { mergeGpus, normaliseVendor } from "./gpus.js";
import { parseNvidiaSmi } from "./nvidia-smi.js";
import { createHardwareProbe } from "./probe.js";

// Sample in the format `nvidia-smi --query-gpu=index,name,memory.total,uuid --format=csv,noheader,nounits`
// prints (driver 535+): one line per GPU, memory in MiB, "[N/A]" where a field is unsupported.
const SAMPLE = `0, NVIDIA H100 80GB HBM3, 81559, GPU-1b2c3d4e-0000-1111-2222-333344445555
1, NVIDIA H100 80GB HBM3, 81559, GPU-1b2c3d4e-0000-1111-2222-333344445556
2, NVIDIA GeForce RTX 4090, 24564, GPU-aa000000-0000-0000-0000-000000000001
3, NVIDIA A100-SXM4-40GB, [N/A], GPU-aa000000-0000-0000-0000-000000000002
`;

describe("nvidia-smi parser", () => {
  it("parses every card, MiB to bytes, unknown memory as 0", () => {
    const gpus = parseNvidiaSmi(SAMPLE);
    expect(gpus).toHaveLength(4);
    expect(gpus[0]).toEqual({
      index: 0,
      model: "NVIDIA H100 80GB HBM3",
      vramBytes: 81559n * 1024n * 1024n,
      uuid: "GPU-1b2c3d4e-0000-1111-2222-333344445555",
    });
    expect(gpus[3]?.vramBytes).toBe(0n);
  });

  it("keeps model names containing commas and ignores junk lines", () => {
    const gpus = parseNvidiaSmi("garbage\n\n0, Weird, Model, 1024, GPU-x\nNVIDIA-SMI has failed\n");
    expect(gpus).toEqual([
      { index: 0, model: "Weird, Model", vramBytes: 1024n * 1024n * 1024n, uuid: "GPU-x" },
    ]);
  });

  it("returns nothing for empty output (no GPU)", () => {
    expect(parseNvidiaSmi("")).toEqual([]);
  });
});

describe("GPU merge", () => {
  it("folds identical cards, prefers nvidia-smi, keeps unknown vendors", () => {
    const gpus = mergeGpus(
      [
        { vendor: "NVIDIA Corporation", model: "H100", vram: 0 },
        { vendor: "Matrox Electronics Systems Ltd.", model: "MGA G200e", vram: 16 },
        { vendor: null, model: null, vram: null },
      ],
      parseNvidiaSmi(SAMPLE),
    );
    expect(gpus.find((g) => g.model === "NVIDIA H100 80GB HBM3")?.count).toBe(2);
    expect(gpus.filter((g) => g.vendor === "nvidia")).toHaveLength(3);
    expect(gpus.find((g) => g.vendor.startsWith("matrox"))).toMatchObject({
      model: "MGA G200e",
      vramBytes: 16n << 20n,
    });
    expect(gpus.find((g) => g.vendor === "unknown")).toMatchObject({ model: "unknown", count: 1 });
  });

  it("reports NVIDIA cards from the OS when nvidia-smi is absent", () => {
    expect(mergeGpus([{ vendor: "NVIDIA", model: "Tesla T4", vram: 15360 }], [])).toEqual([
      { vendor: "nvidia", model: "Tesla T4", vramBytes: 15360n << 20n, count: 1 },
    ]);
  });

  it("normalises vendors", () => {
    expect(normaliseVendor("Advanced Micro Devices, Inc. [AMD/ATI]", "Radeon")).toBe("amd");
    expect(normaliseVendor("Intel Corporation", "UHD")).toBe("intel");
    expect(normaliseVendor("", "")).toBe("unknown");
  });
});

describe("bandwidth", () => {
  it("falls back to the default interface's link speed", () => {
    expect(
      interfaceSpeedBps([
        { internal: true, speed: 100000 },
        { default: true, speed: 1000 },
        { speed: 10000 },
      ]),
    ).toBe(1_000_000_000n);
    expect(interfaceSpeedBps([{ speed: null }])).toBe(0n);
    expect(rateBps(1000, 0)).toBeGreaterThan(0n);
  });

  it("measures a transfer against a probe target", async () => {
    const server = createServer((req, res) => {
      if (req.method === "GET") {
        const n = Number(new URL(req.url ?? "/", "http://x").searchParams.get("bytes"));
        res.end(Buffer.alloc(n));
      } else {
        req.resume();
        req.on("end", () => res.end("ok"));
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      let t = 0;
      // A fake clock: each transfer "takes" 100 ms, so the figure is exact.
      const now = () => {
        t += 50;
        return t;
      };
      const m = await measureBandwidth({ target: `http://127.0.0.1:${port}/bw`, bytes: 100_000, now });
      expect(m.source).toBe(BandwidthSource.BANDWIDTH_SOURCE_MEASURED);
      expect(m.downBps).toBe(16_000_000n);
      expect(m.upBps).toBe(16_000_000n);
      const probe = createHardwareProbe(
        { runCommand: async () => SAMPLE },
        { region: "test", bandwidthTarget: `http://127.0.0.1:${port}/bw`, bandwidthBytes: 64 * 1024 },
      );
      const d = await probe.probe();
      expect(d.bandwidthSource).toBe(BandwidthSource.BANDWIDTH_SOURCE_MEASURED);
      expect(d.bandwidthDownBps).toBeGreaterThan(0n);
      expect(d.gpus.some((g) => g.model === "NVIDIA H100 80GB HBM3" && g.count === 2)).toBe(true);
      expect(d.cpuCores).toBeGreaterThan(0);
      expect(d.ramBytes).toBeGreaterThan(0n);
    } finally {
      server.close();
    }
  });

  it("labels the interface-speed fallback when the target is unreachable", async () => {
    const probe = createHardwareProbe(
      { runCommand: async () => Promise.reject(new Error("nvidia-smi: not found")) },
      { region: "test", bandwidthTarget: "http://127.0.0.1:1/none", bandwidthBytes: 1024 },
    );
    const d = await probe.probe();
    expect(d.bandwidthSource).toBe(BandwidthSource.BANDWIDTH_SOURCE_INTERFACE_SPEED);
    expect(probe.lastBandwidthError).toBeTruthy();
  });
});
