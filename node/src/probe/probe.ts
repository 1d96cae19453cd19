/**
 * The hardware probe: CPU, RAM, GPUs (NVIDIA via nvidia-smi where present), disk and bandwidth,
 * as a ResourceDescriptor. Effects (systeminformation, the nvidia-smi process, the transfer
 * test) happen here; the interpretation is in the pure helpers beside it.
 */
import { execFile } from "node:child_process";
import { BandwidthSource, type ResourceDescriptor } from "@padmesh/proto";
import si from "systeminformation";
import { interfaceSpeedBps, measureBandwidth } from "./bandwidth.js";
import { mergeGpus } from "./gpus.js";
import { NVIDIA_SMI_ARGS, type NvidiaGpu, parseNvidiaSmi } from "./nvidia-smi.js";

/** Execution engines this node runs (must match the runtime's fuel metering version). */
export const ENGINES = ["wasm32-fuel-v1"];

export interface ProbeInit {
  region: string;
  bandwidthTarget?: string;
  bandwidthBytes?: number;
  nvidiaSmi?: string;
  /** Data directory: the disk reported is the filesystem holding it. */
  dataDir?: string;
}

export interface ProbeComponents {
  /** Run a command and return stdout; rejects when it is missing or fails. */
  runCommand?(file: string, args: string[], options: { signal?: AbortSignal }): Promise<string>;
}

export interface HardwareProbe {
  probe(options?: { signal?: AbortSignal }): Promise<ResourceDescriptor>;
  /** Why the last bandwidth test fell back to the interface speed, if it did. */
  readonly lastBandwidthError: string | undefined;
}

function defaultRunCommand(file: string, args: string[], options: { signal?: AbortSignal }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5_000, signal: options.signal }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

/**
 * @example
 * const descriptor = await createHardwareProbe({}, { region: "eu-west" }).probe();
 */
export function createHardwareProbe(components: ProbeComponents, init: ProbeInit): HardwareProbe {
  const run = components.runCommand ?? defaultRunCommand;
  let lastBandwidthError: string | undefined;

  async function nvidia(signal?: AbortSignal): Promise<NvidiaGpu[]> {
    try {
      return parseNvidiaSmi(await run(init.nvidiaSmi ?? "nvidia-smi", NVIDIA_SMI_ARGS, { signal }));
    } catch {
      return []; // no NVIDIA driver here: systeminformation still reports any card it sees
    }
  }

  async function diskBytes(): Promise<bigint> {
    const fs = await si.fsSize().catch(() => []);
    const dir = init.dataDir ?? process.cwd();
    const containing = fs
      .filter((f) => dir.startsWith(f.mount))
      .sort((a, b) => b.mount.length - a.mount.length)[0];
    const chosen = containing ?? fs.sort((a, b) => b.size - a.size)[0];
    return chosen ? BigInt(Math.floor(chosen.available ?? chosen.size)) : 0n;
  }

  return {
    get lastBandwidthError() {
      return lastBandwidthError;
    },
    async probe(options = {}) {
      const [cpu, mem, graphics, nv, disk, ifaces] = await Promise.all([
        si.cpu(),
        si.mem(),
        si.graphics().catch(() => ({ controllers: [] })),
        nvidia(options.signal),
        diskBytes(),
        si.networkInterfaces().catch(() => []),
      ]);
      let up = 0n;
      let down = 0n;
      let source: BandwidthSource = BandwidthSource.BANDWIDTH_SOURCE_INTERFACE_SPEED;
      lastBandwidthError = undefined;
      if (init.bandwidthTarget) {
        try {
          const m = await measureBandwidth({
            target: init.bandwidthTarget,
            bytes: init.bandwidthBytes ?? 4 * 1024 * 1024,
            signal: options.signal,
          });
          up = m.upBps;
          down = m.downBps;
          source = m.source;
        } catch (err) {
          lastBandwidthError = err instanceof Error ? err.message : String(err);
        }
      } else {
        lastBandwidthError = "no probe target configured";
      }
      if (source !== BandwidthSource.BANDWIDTH_SOURCE_MEASURED) {
        const speed = interfaceSpeedBps(Array.isArray(ifaces) ? ifaces : [ifaces]);
        up = speed;
        down = speed;
      }
      const model = `${cpu.manufacturer} ${cpu.brand}`.trim().slice(0, 128);
      return {
        cpuCores: Math.max(1, cpu.cores),
        cpuModel: model || "unknown",
        ramBytes: BigInt(mem.total),
        gpus: mergeGpus(graphics.controllers, nv),
        bandwidthUpBps: up,
        bandwidthDownBps: down,
        bandwidthSource: source,
        region: init.region,
        engines: ENGINES,
        diskBytes: disk,
      };
    },
  };
}
