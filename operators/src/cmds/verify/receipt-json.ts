/**
 * A Receipt as JSON (for files people write and for `--json` output): protobuf field names in
 * camelCase, bytes as 0x hex, 64-bit numbers as decimal strings, role and status as their enum
 * names (numbers accepted on input).
 */
import { fromHex, type Receipt, Role, StepStatus, toHex } from "@padmesh/proto";
import { CliArgumentError } from "../../chain/index.js";

const BYTES_FIELDS = [
  "sessionId",
  "leaseId",
  "moduleHash",
  "inputHash",
  "outputHash",
  "stateRootBefore",
  "stateRootAfter",
  "prevReceiptHash",
  "signature",
] as const;
const U64_FIELDS = ["sequence", "fuelUsed", "pricePerFuel", "timestampMs"] as const;

export type ReceiptJson = Record<(typeof BYTES_FIELDS)[number] | (typeof U64_FIELDS)[number], string> & {
  role: string;
  status: string;
  operator: string;
};

const nameOf = (table: Record<string, number>, value: number) =>
  Object.entries(table).find(([, v]) => v === value)?.[0] ?? String(value);

function enumValue(table: Record<string, number>, value: unknown, field: string, source: string): number {
  if (typeof value === "number" && Object.values(table).includes(value)) return value;
  if (typeof value === "string" && value in table) return table[value] as number;
  if (value === undefined) return 0;
  throw new CliArgumentError(
    "receipt",
    `${source}: ${field} ${JSON.stringify(value)} is not one of ${Object.keys(table).join(", ")}`,
  );
}

export function receiptToJson(r: Receipt): ReceiptJson {
  const out: Record<string, string> = {};
  for (const f of BYTES_FIELDS) out[f] = toHex(r[f]);
  for (const f of U64_FIELDS) out[f] = r[f].toString();
  return {
    ...(out as Record<(typeof BYTES_FIELDS)[number] | (typeof U64_FIELDS)[number], string>),
    role: nameOf(Role, r.role),
    status: nameOf(StepStatus, r.status),
    operator: r.operator,
  };
}

/** Parse a receipt from its JSON form; throws CliArgumentError naming the bad field. */
export function receiptFromJson(json: unknown, source: string): Receipt {
  if (typeof json !== "object" || json === null)
    throw new CliArgumentError("receipt", `${source}: not a JSON object`);
  const o = json as Record<string, unknown>;
  const bytes = (f: string): Uint8Array => {
    const v = o[f];
    if (v === undefined || v === "") return new Uint8Array(0);
    if (typeof v !== "string")
      throw new CliArgumentError("receipt", `${source}: ${f} must be a 0x hex string`);
    try {
      return fromHex(v, f);
    } catch (cause) {
      throw new CliArgumentError("receipt", `${source}: ${f} is not 0x hex`, { cause });
    }
  };
  const u64 = (f: string): bigint => {
    const v = o[f];
    if (v === undefined) return 0n;
    if (
      (typeof v === "string" && /^[0-9]+$/.test(v)) ||
      (typeof v === "number" && Number.isSafeInteger(v) && v >= 0)
    ) {
      return BigInt(v);
    }
    throw new CliArgumentError("receipt", `${source}: ${f} must be a non-negative integer (decimal string)`);
  };
  if (o.operator !== undefined && typeof o.operator !== "string") {
    throw new CliArgumentError("receipt", `${source}: operator must be an address string`);
  }
  return {
    sessionId: bytes("sessionId"),
    leaseId: bytes("leaseId"),
    role: enumValue(Role, o.role, "role", source) as Role,
    sequence: u64("sequence"),
    moduleHash: bytes("moduleHash"),
    inputHash: bytes("inputHash"),
    outputHash: bytes("outputHash"),
    stateRootBefore: bytes("stateRootBefore"),
    stateRootAfter: bytes("stateRootAfter"),
    fuelUsed: u64("fuelUsed"),
    pricePerFuel: u64("pricePerFuel"),
    prevReceiptHash: bytes("prevReceiptHash"),
    timestampMs: u64("timestampMs"),
    status: enumValue(StepStatus, o.status, "status", source) as StepStatus,
    operator: (o.operator as string | undefined) ?? "",
    signature: bytes("signature"),
  };
}
