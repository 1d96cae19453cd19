/**
 * Test fixture: a fresh in-process Hardhat network with the whole mesh deployed by deployMesh,
 * and actors (operators, verifiers, projects) with their own keys, ETH for gas and PAD.
 * Not a test file itself (it registers no tests).
 */
import {
  createKeySigner,
  type MeshDomain,
  type Receipt,
  type Signer,
  signAttestation,
  signReceipt,
  signVoucher,
  type Voucher,
} from "@padmesh/proto";
import { network } from "hardhat";
import {
  type Address,
  createWalletClient,
  custom,
  type Hash,
  type Hex,
  keccak256,
  type PublicClient,
  stringToBytes,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  type DeployMeshOptions,
  deployMesh,
  meshDomain,
  operatorRegistryAbi,
  padTokenAbi,
  sessionEscrowAbi,
} from "../../ts/index.js";

export const PAD = 10n ** 18n;

export interface Actor {
  label: string;
  address: Address;
  privateKey: Hex;
  signer: Signer;
  wallet: WalletClient;
}

export async function createMesh(options: DeployMeshOptions = {}) {
  const connection = await network.create();
  const { viem, networkHelpers, provider } = connection;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const [deployer] = await viem.getWalletClients();
  if (!deployer) throw new Error("no wallet client");
  const deployment = await deployMesh({ walletClient: deployer as never, publicClient }, options);
  const domain: MeshDomain = meshDomain(deployment);
  const c = deployment.contracts;

  const wait = async (hash: Hash) => {
    const r = await publicClient.waitForTransactionReceipt({ hash });
    if (r.status !== "success") throw new Error(`tx ${hash} reverted`);
    return r;
  };

  const actor = async (label: string, pad = 10_000n * PAD): Promise<Actor> => {
    const privateKey = keccak256(stringToBytes(`padmesh-test:${label}`));
    const account = privateKeyToAccount(privateKey);
    await networkHelpers.setBalance(account.address, 10n ** 21n);
    const wallet = createWalletClient({ account, chain: publicClient.chain, transport: custom(provider) });
    if (pad > 0n) {
      await wait(
        await deployer.writeContract({
          address: c.padToken,
          abi: padTokenAbi,
          functionName: "transfer",
          args: [account.address, pad],
        }),
      );
    }
    return { label, address: account.address, privateKey, signer: createKeySigner(privateKey), wallet };
  };

  /** Send a write as `who` and wait for it; rejects with the decoded custom error on revert. */
  const send = async (
    who: Actor,
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: readonly unknown[],
  ) => {
    const hash = await who.wallet.writeContract({
      address,
      abi,
      functionName,
      args,
      account: who.wallet.account!,
      chain: publicClient.chain,
    } as never);
    return wait(hash);
  };

  const approve = (who: Actor, spender: Address, amount: bigint) =>
    send(who, c.padToken, padTokenAbi, "approve", [spender, amount]);

  const register = async (who: Actor, roles: number, amount: bigint, peerId = `peer-${who.label}`) => {
    await approve(who, c.operatorRegistry, amount);
    return send(who, c.operatorRegistry, operatorRegistryAbi, "register", [peerId, roles, amount]);
  };

  const openSession = async (who: Actor, sessionId: Hex, deposit: bigint, sessionKey: Address) => {
    await approve(who, c.sessionEscrow, deposit);
    return send(who, c.sessionEscrow, sessionEscrowAbi, "openSession", [
      sessionId,
      deposit,
      sessionKey,
      1000n,
    ]);
  };

  const balanceOf = (a: Address) =>
    publicClient.readContract({
      address: c.padToken,
      abi: padTokenAbi,
      functionName: "balanceOf",
      args: [a],
    });

  return {
    connection,
    viem,
    networkHelpers,
    publicClient,
    deployer,
    deployment,
    domain,
    c,
    wait,
    actor,
    send,
    approve,
    register,
    openSession,
    balanceOf,
  };
}

export type Mesh = Awaited<ReturnType<typeof createMesh>>;

export function id32(label: string): Uint8Array {
  return hexBytes(keccak256(stringToBytes(label)));
}

export function hexBytes(h: Hex): Uint8Array {
  return Uint8Array.from(Buffer.from(h.slice(2), "hex"));
}

export function hex(b: Uint8Array): Hex {
  return `0x${Buffer.from(b).toString("hex")}`;
}

export function makeReceipt(
  sessionId: Uint8Array,
  leaseId: Uint8Array,
  sequence: bigint,
  salt = "r",
): Receipt {
  return {
    sessionId,
    leaseId,
    role: 1,
    sequence,
    moduleHash: id32(`${salt}:module`),
    inputHash: id32(`${salt}:input:${sequence}`),
    outputHash: id32(`${salt}:output:${sequence}`),
    stateRootBefore: id32(`${salt}:before:${sequence}`),
    stateRootAfter: id32(`${salt}:after:${sequence}`),
    fuelUsed: 1000n + sequence,
    pricePerFuel: 5n,
    prevReceiptHash: new Uint8Array(32),
    timestampMs: 1_700_000_000_000n + sequence,
    status: 0,
    operator: "",
    signature: new Uint8Array(0),
  };
}

/** Struct arguments for contract calls: the package's own converters. */
export {
  toAttestationArg as attestationArg,
  toReceiptArg as receiptArg,
  toVoucherArg as voucherArg,
} from "../../ts/index.js";

export async function signedVoucher(
  domain: MeshDomain,
  sessionKey: Signer,
  fields: {
    sessionId: Uint8Array;
    leaseId: Uint8Array;
    operator: Address;
    cumulative: bigint;
    count?: bigint;
  },
) {
  const v: Voucher = {
    sessionId: fields.sessionId,
    leaseId: fields.leaseId,
    operator: fields.operator,
    cumulativeAmount: fields.cumulative.toString(),
    lastReceiptHash: id32(`last:${fields.cumulative}`),
    receiptCount: fields.count ?? 1n,
    signature: new Uint8Array(0),
  };
  return signVoucher(domain, v, sessionKey);
}

export { signAttestation, signReceipt };
