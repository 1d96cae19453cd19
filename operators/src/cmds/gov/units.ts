/** The unit each MeshParams value is in, from its name (see contracts/src/MeshParams.sol). */
import { formatPad } from "../../chain/index.js";

export type ParamUnit =
  | "bps"
  | "bytes"
  | "millicores"
  | "bits/s"
  | "count"
  | "seconds"
  | "PAD wei"
  | "verifiers";

export function paramUnit(name: string): ParamUnit {
  if (name.endsWith("Bps") && name.startsWith("threshold.")) return "bits/s";
  if (name.startsWith("weight.") || name.endsWith("Bps")) return "bps";
  if (name.endsWith("minVramBytes")) return "bytes";
  if (name.endsWith("minCpuMillis")) return "millicores";
  if (name.startsWith("stake.min")) return "PAD wei";
  if (name === "verify.quorum") return "verifiers";
  if (name.endsWith("Seconds") || name.endsWith("Period") || name.endsWith("Window")) return "seconds";
  return "count";
}

/** A value in its unit for people: "1000 PAD", "7d", "30.00%". */
export function describeValue(name: string, value: bigint): string {
  switch (paramUnit(name)) {
    case "PAD wei":
      return formatPad(value);
    case "bps":
      return `${(Number(value) / 100).toFixed(2)}%`;
    case "seconds":
      return `${value}s`;
    default:
      return String(value);
  }
}
