/** `padmesh operator register`: approve + OperatorRegistry.register(peerId, roles, amount). */
import { join } from "node:path";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { operatorRegistryAbi } from "@padmesh/contracts";
import { loadOrCreatePeerKey } from "@padmesh/proto";
import type { Abi, Address, Hash } from "viem";
import {
  CliArgumentError,
  createPrinter,
  createProgress,
  formatPad,
  formatRows,
  openChainContext,
  parsePad,
  parseRoles,
  requireWallet,
  roleNames,
  sendCall,
} from "../../chain/index.js";
import { approvePad } from "./approve.js";
import type { RegisterCliOptions } from "./options.js";

export interface RegisterResult {
  operator: Address;
  peerId: string;
  roles: string[];
  stake: bigint;
  transactions: { approve: Hash; register: Hash };
}

/** The peer id to register: `--peer-id`, else the one in `<data-dir>/peer.key` (created if missing). */
export async function resolvePeerId(opts: { peerId?: string; dataDir?: string }): Promise<string> {
  if (opts.peerId) return opts.peerId;
  if (!opts.dataDir) {
    throw new CliArgumentError(
      "peer-id",
      "pass --data-dir <the node's data dir> (its peer.key gives the peer id) or --peer-id <id>",
    );
  }
  return peerIdFromPrivateKey(await loadOrCreatePeerKey(join(opts.dataDir, "peer.key"))).toString();
}

export async function registerHandler(opts: RegisterCliOptions): Promise<RegisterResult> {
  const out = createPrinter(opts.json);
  const amount = parsePad(opts.stake, "--stake");
  const roles = parseRoles(opts.roles);
  const peerId = await resolvePeerId(opts);
  const ctx = await openChainContext(opts, { signer: true });
  const operator = requireWallet(ctx).account.address;
  const registry = ctx.deployment.contracts.operatorRegistry;
  const progress = createProgress(2, { json: opts.json, title: "register" });
  try {
    out.note(`approving ${formatPad(amount)} for the OperatorRegistry`);
    const approve = await approvePad(ctx, registry, amount);
    progress.tick("approved");
    out.note(`registering ${operator} as ${peerId}`);
    const reg = await sendCall(
      ctx,
      {
        address: registry,
        abi: operatorRegistryAbi as Abi,
        functionName: "register",
        args: [peerId, roles, amount],
      },
      "register the operator",
    );
    progress.tick("registered");
    const result: RegisterResult = {
      operator,
      peerId,
      roles: roleNames(roles),
      stake: amount,
      transactions: { approve: approve.hash, register: reg.hash },
    };
    progress.stop();
    out.result(result, () =>
      formatRows([
        ["registered", operator],
        ["peer id", peerId],
        ["roles", result.roles.join(", ")],
        ["stake", formatPad(amount)],
        ["tx", reg.hash],
      ]),
    );
    return result;
  } finally {
    progress.stop();
  }
}
