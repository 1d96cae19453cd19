/** `padmesh operator stake <amount>`: approve + OperatorRegistry.addStake(amount). */
import { operatorRegistryAbi } from "@padmesh/contracts";
import type { Abi, Address, Hash } from "viem";
import {
  createPrinter,
  createProgress,
  formatPad,
  formatRows,
  openChainContext,
  parsePad,
  requireWallet,
  sendCall,
} from "../../chain/index.js";
import { approvePad } from "./approve.js";
import type { StakeCliOptions } from "./options.js";
import { readOperator } from "./read-operator.js";

export interface StakeResult {
  operator: Address;
  added: bigint;
  bonded: bigint;
  transactions: { approve: Hash; addStake: Hash };
}

export async function stakeHandler(amountText: string, opts: StakeCliOptions): Promise<StakeResult> {
  const out = createPrinter(opts.json);
  const amount = parsePad(amountText, "amount");
  const ctx = await openChainContext(opts, { signer: true });
  const operator = requireWallet(ctx).account.address;
  const registry = ctx.deployment.contracts.operatorRegistry;
  const progress = createProgress(2, { json: opts.json, title: "stake" });
  try {
    out.note(`approving ${formatPad(amount)} for the OperatorRegistry`);
    const approve = await approvePad(ctx, registry, amount);
    progress.tick("approved");
    const add = await sendCall(
      ctx,
      { address: registry, abi: operatorRegistryAbi as Abi, functionName: "addStake", args: [amount] },
      "add stake",
    );
    progress.tick("staked");
    progress.stop();
    const { bonded } = await readOperator(ctx, operator);
    const result: StakeResult = {
      operator,
      added: amount,
      bonded,
      transactions: { approve: approve.hash, addStake: add.hash },
    };
    out.result(result, () =>
      formatRows([
        ["operator", operator],
        ["added", formatPad(amount)],
        ["bonded now", formatPad(bonded)],
        ["tx", add.hash],
      ]),
    );
    return result;
  } finally {
    progress.stop();
  }
}
