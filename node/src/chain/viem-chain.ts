/**
 * The node's chain calls over viem: stake checks (OperatorRegistry.isActiveOperator), claims and
 * withdrawals (SessionEscrow.claim / finalize) and challenges (SessionEscrow.challenge). Writes
 * are sent from the operator's account one at a time (one nonce sequence) and awaited until mined.
 */
import {
  meshParamsAbi,
  operatorRegistryAbi,
  paramKey,
  sessionEscrowAbi,
  toAttestationArg,
  toReceiptArg,
  toVoucherArg,
} from "@padmesh/contracts";
import { toBytes32, toHex } from "@padmesh/proto";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ChainError } from "../errors.js";
import type { ChallengeSubmitter, ClaimSubmitter, StakeChecker } from "./interface.js";

export interface ViemChainInit {
  rpcUrl: string;
  chainId: number;
  operatorRegistry: Address;
  sessionEscrow: Address;
  meshParams?: Address;
  /** The operator's (or verifier's) key; held by viem's local account, never logged. */
  privateKey: Hex;
}

export interface ViemChain extends StakeChecker, ClaimSubmitter, ChallengeSubmitter {
  readonly publicClient: PublicClient;
}

export function createViemChain(init: ViemChainInit): ViemChain {
  const chain = {
    id: init.chainId,
    name: `padmesh-${init.chainId}`,
    nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [init.rpcUrl] } },
  } as const;
  const publicClient = createPublicClient({ chain, transport: http(init.rpcUrl) }) as PublicClient;
  const account = privateKeyToAccount(init.privateKey);
  const wallet = createWalletClient({ chain, transport: http(init.rpcUrl), account });
  let writes: Promise<unknown> = Promise.resolve();

  /** Simulate (to get a revert reason before paying gas), send, wait for the receipt; serialized. */
  function send(
    action: string,
    request: Parameters<typeof publicClient.simulateContract>[0],
  ): Promise<string> {
    const run = writes.then(async () => {
      try {
        const sim = await publicClient.simulateContract({ ...request, account });
        const hash = await wallet.writeContract(sim.request as Parameters<typeof wallet.writeContract>[0]);
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
        return hash;
      } catch (cause) {
        throw new ChainError(action, { cause, details: (cause as { shortMessage?: string }).shortMessage });
      }
    });
    writes = run.catch(() => undefined);
    return run;
  }

  return {
    publicClient,
    async isActiveOperator(operator) {
      return publicClient.readContract({
        address: init.operatorRegistry,
        abi: operatorRegistryAbi,
        functionName: "isActiveOperator",
        args: [operator as Address],
      });
    },
    claim(voucher) {
      return send("SessionEscrow.claim", {
        address: init.sessionEscrow,
        abi: sessionEscrowAbi,
        functionName: "claim",
        args: [toVoucherArg(voucher), toHex(voucher.signature)],
      } as never);
    },
    finalize(sessionId, leaseIds) {
      return send("SessionEscrow.finalize", {
        address: init.sessionEscrow,
        abi: sessionEscrowAbi,
        functionName: "finalize",
        args: [toBytes32(sessionId, "sessionId"), leaseIds.map((l) => toBytes32(l, "leaseId"))],
      } as never);
    },
    async challengeWindowMs() {
      if (!init.meshParams) return 60_000;
      const seconds = await publicClient.readContract({
        address: init.meshParams,
        abi: meshParamsAbi,
        functionName: "value",
        args: [paramKey("escrow.challengeWindow")],
      });
      return Number(seconds) * 1000;
    },
    challenge(receipt, attestation) {
      return send("SessionEscrow.challenge", {
        address: init.sessionEscrow,
        abi: sessionEscrowAbi,
        functionName: "challenge",
        args: [
          toReceiptArg(receipt),
          toHex(receipt.signature),
          toAttestationArg(attestation),
          toHex(attestation.signature),
        ],
      } as never);
    },
  };
}
