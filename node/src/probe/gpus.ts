/**
 * Merge what systeminformation and nvidia-smi report into the advert's GPU list. Pure.
 * nvidia-smi is authoritative for NVIDIA cards (systeminformation often misses their VRAM);
 * every other controller is kept with whatever vendor/model it reported, even when unknown.
 * Identical cards (vendor, model, VRAM) are folded into one entry with a count.
 */
import type { Gpu } from "@padmesh/proto";
import type { NvidiaGpu } from "./nvidia-smi.js";

/** The fields of systeminformation's graphics controller the probe uses (vram in MiB). */
export interface GraphicsController {
  vendor?: string | null;
  model?: string | null;
  vram?: number | null;
}

export function normaliseVendor(vendor: string | null | undefined, model: string | null | undefined): string {
  const s = `${vendor ?? ""} ${model ?? ""}`.toLowerCase();
  if (s.includes("nvidia")) return "nvidia";
  if (s.includes("advanced micro devices") || /\bamd\b/.test(s) || s.includes("radeon")) return "amd";
  if (s.includes("intel")) return "intel";
  if (s.includes("apple")) return "apple";
  const v = (vendor ?? "").trim().toLowerCase();
  return v.length > 0 ? v.slice(0, 128) : "unknown";
}

export function mergeGpus(controllers: GraphicsController[], nvidia: NvidiaGpu[]): Gpu[] {
  const cards: Array<{ vendor: string; model: string; vramBytes: bigint }> = [];
  for (const g of nvidia)
    cards.push({ vendor: "nvidia", model: g.model.slice(0, 128), vramBytes: g.vramBytes });
  for (const c of controllers) {
    const vendor = normaliseVendor(c.vendor, c.model);
    // NVIDIA cards are counted from nvidia-smi when it ran; otherwise keep what the OS says.
    if (vendor === "nvidia" && nvidia.length > 0) continue;
    const vram =
      typeof c.vram === "number" && Number.isFinite(c.vram) && c.vram > 0 ? BigInt(Math.floor(c.vram)) : 0n;
    cards.push({
      vendor,
      model: (c.model ?? "").trim().slice(0, 128) || "unknown",
      vramBytes: vram * 1024n * 1024n,
    });
  }
  const folded = new Map<string, Gpu>();
  for (const c of cards) {
    const key = `${c.vendor}\u0000${c.model}\u0000${c.vramBytes}`;
    const seen = folded.get(key);
    if (seen) seen.count += 1;
    else folded.set(key, { vendor: c.vendor, model: c.model, vramBytes: c.vramBytes, count: 1 });
  }
  return [...folded.values()];
}
