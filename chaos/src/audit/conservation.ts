/**
 * PAD conservation across all accounts and contracts: every address that ever held PAD is found
 * from the token's Transfer events; the sum of their balances must equal totalSupply, and the
 * supply may only have shrunk by what upheld challenges burned.
 */
import { padTokenAbi } from "@padmesh/contracts";
import type { Devnet } from "@padmesh/operators";
import type { Address } from "viem";

export interface SupplySnapshot {
  totalSupply: bigint;
}

export interface ConservationAudit {
  holders: number;
  sumOfBalances: bigint;
  totalSupply: bigint;
  supplyBefore: bigint;
  ok: boolean;
  detail: string;
}

export async function supplySnapshot(devnet: Devnet): Promise<SupplySnapshot> {
  const totalSupply = await devnet.chain.publicClient.readContract({
    address: devnet.deployment.contracts.padToken,
    abi: padTokenAbi,
    functionName: "totalSupply",
  });
  return { totalSupply };
}

export async function auditConservation(
  devnet: Devnet,
  before: SupplySnapshot,
  burnedDuringDrill: bigint,
): Promise<ConservationAudit> {
  const pc = devnet.chain.publicClient;
  const token = devnet.deployment.contracts.padToken;
  const transfers = await pc.getContractEvents({
    address: token,
    abi: padTokenAbi,
    eventName: "Transfer",
    fromBlock: BigInt(devnet.deployment.deployedAtBlock),
  });
  const holders = new Set<Address>();
  for (const t of transfers) {
    const args = (t as { args?: { from?: Address; to?: Address } }).args ?? {};
    for (const a of [args.from, args.to]) {
      if (a && a !== "0x0000000000000000000000000000000000000000") holders.add(a);
    }
  }
  let sum = 0n;
  for (const h of holders) {
    sum += await pc.readContract({ address: token, abi: padTokenAbi, functionName: "balanceOf", args: [h] });
  }
  const { totalSupply } = await supplySnapshot(devnet);
  const balanced = sum === totalSupply;
  const supplyOk = before.totalSupply - totalSupply === burnedDuringDrill;
  return {
    holders: holders.size,
    sumOfBalances: sum,
    totalSupply,
    supplyBefore: before.totalSupply,
    ok: balanced && supplyOk,
    detail:
      `${holders.size} holders hold ${sum} wei, totalSupply ${totalSupply}` +
      (balanced ? "" : " (MISMATCH)") +
      `; supply change ${before.totalSupply - totalSupply} = burned by slashes ${burnedDuringDrill}` +
      (supplyOk ? "" : " (MISMATCH)"),
  };
}
