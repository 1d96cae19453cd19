/**
 * The devnet project's SDK client: requests signed with the project's key, escrows opened and
 * vouchers countersigned on the devnet's chain. What every demo, test, bench and drill that
 * drives a devnet session uses.
 */
import { createMeshClient, type MeshClient } from "@padmesh/sdk";
import { privateKeyToAccount } from "viem/accounts";
import type { Devnet } from "./mesh.js";

export function projectClient(
  devnet: Pick<Devnet, "scheduler" | "project" | "chain" | "deployment">,
): MeshClient {
  return createMeshClient({
    scheduler: devnet.scheduler.grpc,
    account: privateKeyToAccount(devnet.project.key),
    chain: {
      publicClient: devnet.chain.publicClient,
      walletClient: devnet.chain.walletFor(devnet.project.key),
      deployment: devnet.deployment,
    },
  });
}
