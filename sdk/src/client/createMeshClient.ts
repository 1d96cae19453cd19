/**
 * The client every SDK action takes: a scheduler connection, the project's key (signs requests and
 * escrow transactions), a session key (signs vouchers), and optionally the chain.
 */
import { type Deployment, meshDomain } from "@padmesh/contracts";
import { createKeySigner, type MeshDomain, type Signer } from "@padmesh/proto";
import type { Account, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { generatePrivateKey, type LocalAccount } from "viem/accounts";
import { ClientConfigError } from "../errors.js";
import { createSchedulerTransport, type SchedulerTransport } from "./transport.js";

export interface MeshChain {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  deployment: Deployment;
}

export interface CreateMeshClientParameters {
  /** Scheduler gRPC address, "host:port". */
  scheduler: string;
  /** The project's account: owns sessions, signs scheduler requests and escrow transactions. */
  account: LocalAccount;
  /** Private key that signs vouchers; registered in the escrow. Generated when omitted. */
  sessionKey?: Hex;
  /** Chain access: needed to open/close escrows and to check operators' stake. */
  chain?: MeshChain;
  /** EIP-712 domain; derived from `chain.deployment` when omitted. */
  domain?: MeshDomain;
}

export interface MeshClient {
  readonly transport: SchedulerTransport;
  readonly account: LocalAccount;
  /** Signs RequestAuth digests with the project's account. */
  readonly owner: Signer;
  /** Signs vouchers. */
  readonly sessionKey: Signer;
  readonly chain: MeshChain | undefined;
  readonly domain: MeshDomain;
  close(): void;
}

export type CreateMeshClientErrorType = ClientConfigError;

/**
 * Create a client for one scheduler.
 * @example
 * import { createMeshClient } from "@padmesh/sdk";
 * import { privateKeyToAccount } from "viem/accounts";
 * const client = createMeshClient({
 *   scheduler: "127.0.0.1:7400",
 *   account: privateKeyToAccount(process.env.PROJECT_KEY as `0x${string}`),
 *   chain: { publicClient, walletClient, deployment },
 * });
 */
export function createMeshClient(params: CreateMeshClientParameters): MeshClient {
  const domain = params.domain ?? (params.chain ? meshDomain(params.chain.deployment) : undefined);
  if (!domain) throw new ClientConfigError("createMeshClient needs `chain` or `domain` to verify receipts");
  const account = params.account;
  if (!account.sign) throw new ClientConfigError("the account must be a local account that can sign hashes");
  const owner: Signer = {
    address: account.address,
    async signDigest(digest) {
      const sig = await account.sign!({ hash: `0x${Buffer.from(digest).toString("hex")}` });
      return Uint8Array.from(Buffer.from(sig.slice(2), "hex"));
    },
  };
  const transport = createSchedulerTransport(params.scheduler);
  return {
    transport,
    account,
    owner,
    sessionKey: createKeySigner(params.sessionKey ?? generatePrivateKey()),
    chain: params.chain,
    domain,
    close: () => transport.close(),
  };
}
