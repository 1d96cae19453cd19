/**
 * `padmesh operator unstake [amount] [--withdraw]`: requestUnbond(amount) starts the unbonding
 * period; --withdraw takes out what has finished unbonding (withdrawUnbonded).
 */
import { operatorRegistryAbi } from "@padmesh/contracts";
import type { Abi, Address, Hash } from "viem";
import {
  ChainTxError,
  CliArgumentError,
  createPrinter,
  formatPad,
  formatRows,
  openChainContext,
  parsePad,
  requireWallet,
  sendCall,
} from "../../chain/index.js";
import type { UnstakeCliOptions } from "./options.js";
import { readOperator } from "./read-operator.js";

export interface UnstakeResult {
  operator: Address;
  requested: bigint;
  withdrawn: bigint;
  bonded: bigint;
  unbonding: bigint;
  /** Unix seconds when `unbonding` can be withdrawn (0: nothing unbonding). */
  unbondReadyAt: bigint;
  transactions: { requestUnbond?: Hash; withdrawUnbonded?: Hash };
}

export async function unstakeHandler(
  amountText: string | undefined,
  opts: UnstakeCliOptions,
): Promise<UnstakeResult> {
  const out = createPrinter(opts.json);
  if (amountText === undefined && !opts.withdraw) {
    throw new CliArgumentError(
      "amount",
      "give an amount to start unbonding (`padmesh operator unstake 500`) or --withdraw to take out what has unbonded",
    );
  }
  const amount = amountText === undefined ? 0n : parsePad(amountText, "amount");
  const ctx = await openChainContext(opts, { signer: true });
  const operator = requireWallet(ctx).account.address;
  const registry = ctx.deployment.contracts.operatorRegistry;
  const transactions: UnstakeResult["transactions"] = {};
  let withdrawn = 0n;
  if (opts.withdraw) {
    const before = await readOperator(ctx, operator);
    if (before.unbonding === 0n) {
      throw new ChainTxError("withdraw unbonded stake", "nothing is unbonding", {
        hint: "start with `padmesh operator unstake <amount>`, then withdraw after stake.unbondingPeriod",
      });
    }
    if (!before.withdrawable) {
      const at = new Date(Number(before.unbondReadyAt) * 1000).toISOString();
      throw new ChainTxError(
        "withdraw unbonded stake",
        `${formatPad(before.unbonding)} is unbonding until ${at}`,
        {
          hint: "retry after that time",
        },
      );
    }
    const tx = await sendCall(
      ctx,
      { address: registry, abi: operatorRegistryAbi as Abi, functionName: "withdrawUnbonded", args: [] },
      "withdraw unbonded stake",
    );
    transactions.withdrawUnbonded = tx.hash;
    withdrawn = before.unbonding;
    out.note(`withdrew ${formatPad(withdrawn)}`);
  }
  if (amount > 0n) {
    const tx = await sendCall(
      ctx,
      { address: registry, abi: operatorRegistryAbi as Abi, functionName: "requestUnbond", args: [amount] },
      "request unbonding",
    );
    transactions.requestUnbond = tx.hash;
  }
  const after = await readOperator(ctx, operator);
  const result: UnstakeResult = {
    operator,
    requested: amount,
    withdrawn,
    bonded: after.bonded,
    unbonding: after.unbonding,
    unbondReadyAt: after.unbondReadyAt,
    transactions,
  };
  out.result(result, () =>
    formatRows([
      ["operator", operator],
      ...(amount > 0n ? ([["unbond requested", formatPad(amount)]] as [string, string][]) : []),
      ...(opts.withdraw ? ([["withdrawn", formatPad(withdrawn)]] as [string, string][]) : []),
      ["bonded", formatPad(after.bonded)],
      ["unbonding", formatPad(after.unbonding)],
      [
        "withdrawable at",
        after.unbonding > 0n ? new Date(Number(after.unbondReadyAt) * 1000).toISOString() : "-",
      ],
    ]),
  );
  if (amount > 0n)
    out.note("slashable until withdrawn; run `padmesh operator unstake --withdraw` after that time");
  return result;
}
