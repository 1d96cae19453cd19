/**
 * viem implementations of the chain interfaces, wired to the deployed contracts' ABIs.
 */
import { meshParamsAbi, operatorRegistryAbi, sessionEscrowAbi } from "@padmesh/contracts";
import { type Address, type Hex, type PublicClient, zeroAddress } from "viem";
import type { EscrowReader, EscrowSession, ParamsSource, StakeChecker } from "./interface.js";

export interface ViemChainInit {
  client: PublicClient;
  meshParams: Address;
  operatorRegistry: Address;
  sessionEscrow: Address;
  /** How often the ParamChanged watch polls. */
  pollingIntervalMs?: number;
}

export function createViemParamsSource(init: ViemChainInit): ParamsSource {
  const { client } = init;
  return {
    async readAll() {
      const blockNumber = await client.getBlockNumber();
      const [keys, values] = (await client.readContract({
        address: init.meshParams,
        abi: meshParamsAbi,
        functionName: "allParams",
        blockNumber,
      })) as readonly [readonly Hex[], readonly bigint[]];
      const out = new Map<Hex, bigint>();
      keys.forEach((k, i) => {
        out.set(k, values[i] as bigint);
      });
      return { values: out, blockNumber };
    },
    watch(onChange, opts) {
      return client.watchContractEvent({
        address: init.meshParams,
        abi: meshParamsAbi,
        eventName: "ParamChanged",
        fromBlock: opts.fromBlock,
        poll: true,
        pollingInterval: init.pollingIntervalMs ?? 1_000,
        onLogs: (logs) => {
          for (const log of logs) {
            const args = (log as unknown as { args: { key: Hex; oldValue: bigint; newValue: bigint } }).args;
            onChange({
              key: args.key,
              oldValue: args.oldValue,
              newValue: args.newValue,
              blockNumber: log.blockNumber ?? 0n,
            });
          }
        },
        onError: (err) => opts.onError?.(err),
      });
    },
  };
}

export function createViemStakeChecker(init: ViemChainInit): StakeChecker {
  const { client } = init;
  return {
    async isActiveOperator(operator) {
      return (await client.readContract({
        address: init.operatorRegistry,
        abi: operatorRegistryAbi,
        functionName: "isActiveOperator",
        args: [operator],
      })) as boolean;
    },
    async isActiveVerifier(verifier) {
      return (await client.readContract({
        address: init.operatorRegistry,
        abi: operatorRegistryAbi,
        functionName: "isActiveVerifier",
        args: [verifier],
      })) as boolean;
    },
    async quality(operator) {
      const [leasesSettled, challengesLost] = (await client.readContract({
        address: init.operatorRegistry,
        abi: operatorRegistryAbi,
        functionName: "quality",
        args: [operator],
      })) as readonly [bigint, bigint];
      return { leasesSettled, challengesLost };
    },
  };
}

export function createViemEscrowReader(init: ViemChainInit): EscrowReader {
  const { client } = init;
  return {
    async session(sessionId) {
      const [owner, sessionKey, deposit, claimed, maxPricePerFuel, open] = (await client.readContract({
        address: init.sessionEscrow,
        abi: sessionEscrowAbi,
        functionName: "sessions",
        args: [sessionId],
      })) as readonly [Address, Address, bigint, bigint, bigint, boolean];
      if (owner === zeroAddress) return undefined;
      const s: EscrowSession = {
        owner,
        sessionKey,
        deposit,
        claimed,
        maxPricePerFuel: BigInt(maxPricePerFuel),
        open,
      };
      return s;
    },
  };
}
