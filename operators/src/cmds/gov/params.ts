/** `padmesh gov params`: every MeshParams name with its value, bounds and unit. */
import { meshParamsAbi, PARAM_NAMES, paramName } from "@padmesh/contracts";
import type { Hex } from "viem";
import { type ChainContext, createPrinter, formatTable, openChainContext } from "../../chain/index.js";
import type { ParamsCliOptions } from "./options.js";
import { describeValue, type ParamUnit, paramUnit } from "./units.js";

export interface ParamRow {
  name: string;
  key: Hex;
  value: bigint;
  min: bigint;
  max: bigint;
  unit: ParamUnit;
}

/** Every parameter in the contract's order, with bounds. */
export async function readParams(ctx: ChainContext): Promise<ParamRow[]> {
  const address = ctx.deployment.contracts.meshParams;
  const [keys, values] = await ctx.publicClient.readContract({
    address,
    abi: meshParamsAbi,
    functionName: "allParams",
  });
  const bounds = await Promise.all(
    keys.map((key) =>
      ctx.publicClient.readContract({ address, abi: meshParamsAbi, functionName: "bounds", args: [key] }),
    ),
  );
  return keys.map((key, i) => {
    const name = paramName(key) ?? key;
    const [min, max] = bounds[i] ?? [0n, 0n];
    return { name, key, value: values[i] ?? 0n, min, max, unit: paramUnit(name) };
  });
}

export async function paramsHandler(opts: ParamsCliOptions): Promise<ParamRow[]> {
  const out = createPrinter(opts.json);
  const ctx = await openChainContext(opts, { signer: false });
  const rows = await readParams(ctx);
  const values = Object.fromEntries(rows.map((r) => [r.name, r.value]));
  out.result({ meshParams: ctx.deployment.contracts.meshParams, values, params: rows }, () =>
    formatTable(
      ["name", "value", "", "min", "max", "unit"],
      rows.map((r) => [
        r.name,
        String(r.value),
        r.unit === "count" || r.unit === "verifiers" ? "" : `(${describeValue(r.name, r.value)})`,
        String(r.min),
        String(r.max),
        r.unit,
      ]),
    ),
  );
  const unknown = rows.filter((r) => !(PARAM_NAMES as readonly string[]).includes(r.name));
  if (unknown.length) out.note(`${unknown.length} key(s) this CLI has no name for (a newer MeshParams?)`);
  return rows;
}
