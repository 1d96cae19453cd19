/** Human units for explanations ("8 GiB", "1.5 cores", "100 Mbit/s"). */

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

export function formatBytes(bytes: bigint): string {
  let v = Number(bytes);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${UNITS[u]}`;
}

export function formatCpu(millis: number): string {
  return `${millis / 1000} cores`;
}

export function formatBitRate(bps: bigint): string {
  const v = Number(bps);
  if (v >= 1e9) return `${+(v / 1e9).toFixed(2)} Gbit/s`;
  if (v >= 1e6) return `${+(v / 1e6).toFixed(2)} Mbit/s`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(2)} kbit/s`;
  return `${v} bit/s`;
}
