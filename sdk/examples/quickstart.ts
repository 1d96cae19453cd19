/**
 * A whole session from your own code: open an escrow, place risk control and clearing agents,
 * stream verified outputs, let the SDK countersign vouchers, close, and take back the rest.
 *
 * Run against a devnet (`npx padmesh devnet` in another terminal prints these values):
 *   PADMESH_SCHEDULER=127.0.0.1:18546 PADMESH_RPC_URL=http://127.0.0.1:18545 \
 *   PADMESH_DEPLOYMENT=.data/devnet-…/deployments/31337.json PADMESH_PROJECT_KEY_FILE=.data/devnet-…/keys/project.key \
 *   npx tsx sdk/examples/quickstart.ts
 */
import { readFile } from "node:fs/promises";
import { readDeployment } from "@padmesh/contracts";
import { decodeClearingOutput, loadSampleAgent, sampleRiskInput } from "@padmesh/runtime";
import {
  closeEscrow,
  closeSession,
  createMeshClient,
  createSession,
  openSession,
  submitStep,
  watchSession,
} from "@padmesh/sdk";
import { createPublicClient, createWalletClient, type Hex, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`set ${name} (see the comment at the top of this file)`);
  return v;
};

const rpc = http(env("PADMESH_RPC_URL"));
const account = privateKeyToAccount((await readFile(env("PADMESH_PROJECT_KEY_FILE"), "utf8")).trim() as Hex);
const deployment = await readDeployment(env("PADMESH_DEPLOYMENT"));
const client = createMeshClient({
  scheduler: env("PADMESH_SCHEDULER"),
  account,
  chain: {
    publicClient: createPublicClient({ chain: hardhat, transport: rpc }),
    walletClient: createWalletClient({ chain: hardhat, transport: rpc, account }),
    deployment,
  },
});

// 1. Deposit the session's budget in the escrow (approve + openSession). The price cap is PAD wei
// per fuel unit: the devnet's operators ask 10 to 15 gwei.
const deposit = parseEther("100");
const { sessionId } = await openSession(client, { deposit, maxPricePerFuel: 100_000_000_000n });

// 2. Place the roles. Modules given as bytes or paths are uploaded and addressed by sha256.
const { leases } = await createSession(client, {
  sessionId,
  roles: [
    { role: "compute", module: await loadSampleAgent("risk"), strategy: "throughput" },
    { role: "execution", module: await loadSampleAgent("clearing"), strategy: "latency" },
    // A coordinator node runs each step through the two legs and keeps the session's ledger.
    { role: "coordination", module: await loadSampleAgent("coordinator") },
    { role: "verification" },
  ],
});

// 3. Watch: every receipt is verified locally; vouchers are countersigned as receipts arrive.
const watch = watchSession(client, { sessionId, budget: deposit, leases });
const steps = 10;
const outputs = (async () => {
  let seen = 0;
  for await (const u of watch) {
    if (u.type === "step") {
      const out = decodeClearingOutput(u.output);
      console.log(
        `step ${u.sequence}: ${out.transfers.length} transfers, ${u.receipts.length} receipts verified`,
      );
      if (++seen === steps) return;
    } else if (u.type === "receiptRejected") {
      console.error(`receipt rejected (never paid): ${u.error.shortMessage}`);
    }
  }
})();

// 4. Submit steps (idempotent: a retried submit with the same clientStepId is not run twice).
for (let i = 0; i < steps; i++) {
  await submitStep(client, { sessionId, input: sampleRiskInput(i, 50), clientStepId: `step-${i}` });
}
await outputs;
await watch.flushVouchers();

// 5. Close: leases are released and operators claim their latest vouchers; then close the escrow.
await closeSession(client, { sessionId });
await closeEscrow(client, { sessionId });
console.log("spent", watch.vouchers.spent, "PAD wei of", deposit);
client.close();
