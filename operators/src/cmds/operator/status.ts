/** `padmesh operator status`: stake, roles, peer id, unbonding, quality counters and PAD balance. */
import { type Address, getAddress, isAddress } from "viem";
import {
  ChainOptionError,
  CliArgumentError,
  createPrinter,
  formatPad,
  formatRows,
  loadAccount,
  openChainContext,
} from "../../chain/index.js";
import type { StatusCliOptions } from "./options.js";
import { type OperatorState, readOperator } from "./read-operator.js";

export async function statusHandler(opts: StatusCliOptions): Promise<OperatorState> {
  const out = createPrinter(opts.json);
  let address: Address;
  if (opts.address) {
    if (!isAddress(opts.address, { strict: false })) {
      throw new CliArgumentError("address", `--address "${opts.address}" is not a 20-byte hex address`);
    }
    address = getAddress(opts.address);
  } else {
    address = (
      await loadAccount({ keyFile: opts.keyFile, env: process.env }).catch((err: unknown) => {
        if (err instanceof ChainOptionError && !opts.keyFile) {
          throw new ChainOptionError(
            "key-file",
            `${err.message}, or name the operator with --address <address>`,
          );
        }
        throw err;
      })
    ).address;
  }
  const ctx = await openChainContext(opts, { signer: false });
  const s = await readOperator(ctx, address);
  out.result(s, () => formatStatus(s));
  if (!s.registered)
    out.note("not registered: run `padmesh operator register --stake <pad> --data-dir <node dir>`");
  return s;
}

export function formatStatus(s: OperatorState): string {
  const time = (t: bigint) => new Date(Number(t) * 1000).toISOString();
  return formatRows([
    ["operator", s.address],
    ["registered", s.registered ? `yes (id ${s.operatorId})` : "no"],
    ["peer id", s.peerId || "-"],
    ["roles", s.roles.length ? s.roles.join(", ") : "-"],
    ["bonded", formatPad(s.bonded)],
    [
      "unbonding",
      s.unbonding > 0n
        ? `${formatPad(s.unbonding)} (${s.withdrawable ? "withdrawable now" : `withdrawable at ${time(s.unbondReadyAt)}`})`
        : formatPad(0n),
    ],
    ["active operator", `${s.activeOperator ? "yes" : "no"} (minimum ${formatPad(s.minOperatorStake)})`],
    ["active verifier", `${s.activeVerifier ? "yes" : "no"} (minimum ${formatPad(s.minVerifierStake)})`],
    ["leases settled", String(s.leasesSettled)],
    ["challenges lost", String(s.challengesLost)],
    ["PAD balance", formatPad(s.padBalance)],
  ]);
}
