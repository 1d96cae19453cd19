/** A ResourceDescriptor as plain JSON (64-bit numbers as decimal strings, enums by name). Pure. */
import { BandwidthSource, type ResourceDescriptor } from "@padmesh/proto";

export function descriptorToJson(d: ResourceDescriptor): Record<string, unknown> {
  const source = Object.entries(BandwidthSource).find(([, v]) => v === d.bandwidthSource)?.[0] ?? "UNKNOWN";
  return {
    cpuCores: d.cpuCores,
    cpuModel: d.cpuModel,
    ramBytes: d.ramBytes.toString(),
    gpus: d.gpus.map((g) => ({
      vendor: g.vendor,
      model: g.model,
      vramBytes: g.vramBytes.toString(),
      count: g.count,
    })),
    bandwidthUpBps: d.bandwidthUpBps.toString(),
    bandwidthDownBps: d.bandwidthDownBps.toString(),
    bandwidthSource: source.replace("BANDWIDTH_SOURCE_", "").toLowerCase(),
    region: d.region,
    engines: d.engines,
    diskBytes: d.diskBytes.toString(),
  };
}
