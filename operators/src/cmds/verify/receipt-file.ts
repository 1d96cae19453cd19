/** Reading a receipt file: JSON (first non-blank byte `{`) or a protobuf-encoded Receipt. */
import { readFile } from "node:fs/promises";
import { checkReceiptShape, decodeMessage, type Receipt, Receipt as ReceiptCodec } from "@padmesh/proto";
import { CliArgumentError } from "../../chain/index.js";
import { receiptFromJson } from "./receipt-json.js";

/** Decode receipt bytes from `source` and check its shape; throws CliArgumentError saying what is wrong. */
export function parseReceiptBytes(bytes: Uint8Array, source: string): Receipt {
  const r = decodeReceipt(bytes, source);
  try {
    checkReceiptShape(r);
  } catch (cause) {
    throw new CliArgumentError("receipt", `${source} is not a valid receipt: ${(cause as Error).message}`, {
      cause,
    });
  }
  return r;
}

function decodeReceipt(bytes: Uint8Array, source: string): Receipt {
  // JSON when it parses as JSON; otherwise protobuf. (A protobuf receipt can start with bytes that
  // look like whitespace and "{": field 1's tag is "\n" and a 32-byte length is " ".)
  const text = Buffer.from(bytes).toString("utf8").trimStart();
  if (text.startsWith("{")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (json !== undefined) return receiptFromJson(json, source);
  }
  try {
    return decodeMessage(ReceiptCodec, "Receipt", bytes);
  } catch (cause) {
    throw new CliArgumentError(
      "receipt",
      `${source} is neither receipt JSON nor a protobuf-encoded Receipt`,
      { cause },
    );
  }
}

export async function readReceiptFile(path: string): Promise<Receipt> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new CliArgumentError("receipt", `cannot read receipt file ${path}`, { cause });
  }
  return parseReceiptBytes(bytes, path);
}
