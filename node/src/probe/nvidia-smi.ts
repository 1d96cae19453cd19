/**
 * Parse `nvidia-smi --query-gpu=index,name,memory.total,uuid --format=csv,noheader,nounits`.
 * Pure: the probe runs the command, this turns its text into GPUs. memory.total is in MiB;
 * "[N/A]" / "[Not Supported]" memory becomes 0 (the card is still reported, never dropped).
 */

/** The exact arguments the probe passes to nvidia-smi; the parser expects this column order. */
export const NVIDIA_SMI_ARGS = ["--query-gpu=index,name,memory.total,uuid", "--format=csv,noheader,nounits"];

export interface NvidiaGpu {
  index: number;
  model: string;
  vramBytes: bigint;
  uuid: string;
}

export function parseNvidiaSmi(text: string): NvidiaGpu[] {
  const gpus: NvidiaGpu[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const cols = line.split(",").map((c) => c.trim());
    if (cols.length < 3) continue;
    // A model name may itself contain commas: index first, memory and uuid last.
    const index = Number.parseInt(cols[0] as string, 10);
    if (!Number.isInteger(index) || index < 0) continue;
    const hasUuid = cols.length >= 4 && /^GPU-/i.test(cols.at(-1) as string);
    const uuid = hasUuid ? (cols.at(-1) as string) : "";
    const memCol = (hasUuid ? cols.at(-2) : cols.at(-1)) as string;
    const model = cols.slice(1, hasUuid ? -2 : -1).join(", ");
    const mib = /^[0-9]+$/.test(memCol) ? BigInt(memCol) : 0n;
    gpus.push({ index, model: model || "unknown", vramBytes: mib * 1024n * 1024n, uuid });
  }
  return gpus;
}
