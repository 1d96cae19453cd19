/**
 * The demo session `npm start` runs on a devnet: a DeFi project opens an escrow, places risk
 * control on a compute lease, clearing on an execution lease and a verifier, streams a few hundred
 * steps, verifies every receipt, countersigns vouchers, and settles on-chain after the challenge
 * window. Returns the figures the summary prints.
 */
import { operatorRegistryAbi, padTokenAbi, sessionEscrowAbi } from "@padmesh/contracts";
import { Role, toHex } from "@padmesh/proto";
import { loadSampleAgent, sampleRiskInput } from "@padmesh/runtime";
import {
  closeEscrow,
  closeSession,
  createSession,
  listNodes,
  openSession,
  submitStep,
  watchSession,
  withdrawRemaining,
} from "@padmesh/sdk";
import type { Address, Hex } from "viem";
import type { Devnet } from "./mesh.js";
import { projectClient } from "./project-client.js";

export interface DemoOptions {
  steps: number;
  /** Steps kept in flight at once. */
  concurrency: number;
  /** Positions per risk input. */
  positions: number;
  depositPad: bigint;
  maxPricePerFuel: bigint;
  /** How often the project countersigns vouchers (watchSession's voucherIntervalMs; default 250). */
  voucherIntervalMs?: number;
  onProgress?: (done: number, total: number) => void;
  say?: (message: string) => void;
}

export interface OperatorFigures {
  name: string;
  address: Address;
  roles: string[];
  padBefore: bigint;
  padAfter: bigint;
  stakeBefore: bigint;
  stakeAfter: bigint;
  slashed: boolean;
}

export interface DemoResult {
  sessionId: Hex;
  steps: number;
  stepsFailed: number;
  receiptsVerified: number;
  receiptsRejected: number;
  verificationsMatched: number;
  mismatchesCaught: number;
  slashes: number;
  padSettled: bigint;
  /** Operators with a finalized claim paying them for this session's work. */
  operatorsPaid: number;
  /** Leases (lower-case hex) whose finalized claim paid something. */
  paidLeases: string[];
  /** Leases (lower-case hex) a verifier caught returning a wrong output. */
  disputedLeases: string[];
  padRefunded: bigint;
  latenciesMs: number[];
  /** From the first submit to the last step's verified output. */
  stepsWallS: number;
  firstSettledReceiptS: number;
  gasUsed: bigint;
  operators: OperatorFigures[];
  project: { address: Address; padBefore: bigint; padAfter: bigint };
  leases: { leaseId: Hex; role: string; operator: Address; cumulative: bigint; receipts: bigint }[];
}

const ROLE_NAMES: Record<number, string> = {
  [Role.ROLE_COMPUTE]: "compute",
  [Role.ROLE_EXECUTION]: "execution",
  [Role.ROLE_COORDINATION]: "coordination",
  [Role.ROLE_VERIFICATION]: "verification",
};

export async function runDemo(devnet: Devnet, opts: DemoOptions): Promise<DemoResult> {
  const say = opts.say ?? (() => {});
  const t0 = performance.now();
  const { chain, deployment } = devnet;
  const pc = chain.publicClient;
  const projectWallet = chain.walletFor(devnet.project.key);
  const client = projectClient(devnet);
  let gasUsed = 0n;
  const padOf = (a: Address) =>
    pc.readContract({
      address: deployment.contracts.padToken,
      abi: padTokenAbi,
      functionName: "balanceOf",
      args: [a],
    });
  const stakeOf = (a: Address) =>
    pc.readContract({
      address: deployment.contracts.operatorRegistry,
      abi: operatorRegistryAbi,
      functionName: "stakeOf",
      args: [a],
    });

  try {
    say("waiting for the scheduler to see every worker's advert");
    const want = devnet.workers.length;
    for (let i = 0; ; i++) {
      const nodes = await listNodes(client).catch(() => []);
      if (nodes.length >= want) break;
      if (i > 600) throw new Error(`the scheduler sees ${nodes.length} of ${want} workers after 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const before = await Promise.all(
      devnet.workers.map(async (w) => ({
        pad: await padOf(w.key.address),
        stake: await stakeOf(w.key.address),
      })),
    );
    const projectBefore = await padOf(devnet.project.address);

    const deposit = opts.depositPad * 10n ** 18n;
    say(`opening a session escrow with ${opts.depositPad} PAD`);
    const opened = await openSession(client, { deposit, maxPricePerFuel: opts.maxPricePerFuel });
    gasUsed += opened.gasUsed;
    const sessionId = opened.sessionId;

    say("placing risk control (compute), clearing (execution), a coordinator and a verifier");
    const [risk, clearing, coordinator] = await Promise.all([
      loadSampleAgent("risk"),
      loadSampleAgent("clearing"),
      loadSampleAgent("coordinator"),
    ]);
    const { leases } = await createSession(client, {
      sessionId,
      roles: [
        { role: "compute", module: risk, strategy: "throughput", maxPricePerFuel: opts.maxPricePerFuel },
        { role: "execution", module: clearing, strategy: "latency", maxPricePerFuel: opts.maxPricePerFuel },
        { role: "coordination", module: coordinator, maxPricePerFuel: opts.maxPricePerFuel },
        { role: "verification", maxPricePerFuel: opts.maxPricePerFuel },
      ],
    });

    const watch = watchSession(client, {
      sessionId,
      budget: deposit,
      leases,
      ...(opts.voucherIntervalMs !== undefined ? { voucherIntervalMs: opts.voucherIntervalMs } : {}),
    });
    const submittedAt = new Map<bigint, number>();
    const latenciesMs: number[] = [];
    let done = 0;
    let failed = 0;
    let receiptsVerified = 0;
    let receiptsRejected = 0;
    let verificationsMatched = 0;
    let mismatchesCaught = 0;
    const disputedLeases = new Set<string>();
    // Every lease the session had, replacements included (lease events name them).
    const leaseRole = new Map(leases.map((l) => [toHex(l.leaseId), ROLE_NAMES[l.role] ?? String(l.role)]));
    // The watch runs until the session's close event: verifications lag the steps they check.
    let stepsDone!: () => void;
    const allSteps = new Promise<void>((r) => {
      stepsDone = r;
    });
    let lastVerificationAt = performance.now();
    const watcher = (async () => {
      for await (const u of watch) {
        if (u.type === "step" || u.type === "stepFailed") {
          const at = submittedAt.get(u.sequence);
          if (at !== undefined) latenciesMs.push(performance.now() - at);
          if (u.type === "step") receiptsVerified += u.receipts.length;
          else failed++;
          done++;
          opts.onProgress?.(done, opts.steps);
          if (done >= opts.steps) stepsDone();
        } else if (u.type === "lease") {
          leaseRole.set(toHex(u.lease.leaseId), ROLE_NAMES[u.lease.role] ?? String(u.lease.role));
        } else if (u.type === "receiptRejected") receiptsRejected++;
        else if (u.type === "verification") {
          lastVerificationAt = performance.now();
          if (u.mismatch) {
            mismatchesCaught++;
            disputedLeases.add(toHex(u.attestation.leaseId).toLowerCase());
          } else verificationsMatched++;
        } else if (u.type === "closed") return;
      }
    })();
    watcher.finally(() => stepsDone());

    say(`running ${opts.steps} steps (${opts.concurrency} in flight)`);
    let next = 0;
    const stepsStart = performance.now();
    const submitter = async () => {
      while (next < opts.steps) {
        const i = next++;
        const started = performance.now();
        const { sequence } = await submitStep(client, {
          sessionId,
          input: sampleRiskInput(i, opts.positions),
          timestampMs: 1_800_000_000_000n + BigInt(i) * 1000n,
          clientStepId: `demo-${i}`,
        });
        submittedAt.set(sequence, started);
        while (submittedAt.size - done >= opts.concurrency) await new Promise((r) => setTimeout(r, 1));
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, submitter));
    await allSteps;
    const stepsWallS = (performance.now() - stepsStart) / 1000;
    // Give the verifier a bounded moment to finish the receipts it was sent (quiet for 1 s).
    for (const until = performance.now() + 15_000; performance.now() < until; ) {
      if (performance.now() - lastVerificationAt > 1_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await watch.flushVouchers();

    say("closing the session: operators claim their latest vouchers on-chain");
    await closeSession(client, { sessionId });
    await watcher; // drains the events up to the close
    const leaseIds = [...watch.latestVouchers.keys()] as Hex[];
    const claimed = async () => {
      for (const leaseId of leaseIds) {
        const want = BigInt(watch.latestVouchers.get(leaseId)!.cumulativeAmount);
        const [, cumulative, , , , voided] = await pc.readContract({
          address: deployment.contracts.sessionEscrow,
          abi: sessionEscrowAbi,
          functionName: "claims",
          args: [toHex(sessionId), leaseId],
        });
        if (cumulative < want && !voided) return false;
      }
      return true;
    };
    for (let i = 0; !(await claimed()); i++) {
      if (i > 300) throw new Error("operators did not claim their vouchers within 30 s");
      await new Promise((r) => setTimeout(r, 100));
    }

    if (mismatchesCaught > 0) {
      say(
        `verifiers caught ${mismatchesCaught} wrong outputs: waiting for their challenges to be upheld on-chain`,
      );
      // Only a lease with a countersigned voucher has a claim on-chain to challenge; a liar caught
      // before the project paid it anything has nothing to claim (and is simply never paid).
      const vouchered = new Set([...watch.latestVouchers.keys()].map((id) => id.toLowerCase()));
      const disputed = new Set([...disputedLeases].filter((id) => vouchered.has(id)));
      for (let i = 0; ; i++) {
        const upheld = await pc.getContractEvents({
          address: deployment.contracts.sessionEscrow,
          abi: sessionEscrowAbi,
          eventName: "ChallengeUpheld",
          fromBlock: BigInt(deployment.deployedAtBlock),
        });
        const done = new Set(upheld.map((l) => (l.args as { leaseId?: Hex }).leaseId?.toLowerCase()));
        if ([...disputed].every((id) => done.has(id))) break;
        if (i > 300) throw new Error("challenges were not upheld within 30 s of the claims");
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    say("advancing the chain past the challenge window and settling");
    await chain.advanceTime(60 * 60);
    // Finalize what is still pending (a node may have finalized its own claims already).
    const pending: Hex[] = [];
    for (const leaseId of leaseIds) {
      const [, , , , finalized, voided] = await pc.readContract({
        address: deployment.contracts.sessionEscrow,
        abi: sessionEscrowAbi,
        functionName: "claims",
        args: [toHex(sessionId), leaseId],
      });
      if (!finalized && !voided) pending.push(leaseId);
    }
    if (pending.length > 0) {
      const fin = await projectWallet.writeContract({
        address: deployment.contracts.sessionEscrow,
        abi: sessionEscrowAbi,
        functionName: "finalize",
        args: [toHex(sessionId), pending],
      });
      const finReceipt = await pc.waitForTransactionReceipt({ hash: fin });
      gasUsed += finReceipt.gasUsed;
    }
    const firstSettledReceiptS = (performance.now() - t0) / 1000;
    await closeEscrow(client, { sessionId });
    await chain.advanceTime(60 * 60);
    const { refunded } = await withdrawRemaining(client, { sessionId });

    const slashLogs = await pc.getContractEvents({
      address: deployment.contracts.sessionEscrow,
      abi: sessionEscrowAbi,
      fromBlock: BigInt(deployment.deployedAtBlock),
    });
    const upheld = slashLogs.filter((l) => (l as { eventName?: string }).eventName === "ChallengeUpheld");
    const after = await Promise.all(
      devnet.workers.map(async (w) => ({
        pad: await padOf(w.key.address),
        stake: await stakeOf(w.key.address),
      })),
    );
    const totals = watch.vouchers.totals();
    // What left the escrow for this session's claims (the operator's payment and the protocol fee).
    const finalizedLogs = await pc.getContractEvents({
      address: deployment.contracts.sessionEscrow,
      abi: sessionEscrowAbi,
      eventName: "ClaimFinalized",
      args: { sessionId: toHex(sessionId) },
      fromBlock: BigInt(deployment.deployedAtBlock),
    });
    const finalized = finalizedLogs.map(
      (l) => l.args as { amount?: bigint; operator?: Address; leaseId?: Hex },
    );
    const padSettled = finalized.reduce((sum, a) => sum + (a.amount ?? 0n), 0n);
    const operatorsPaid = new Set(
      finalized.filter((a) => (a.amount ?? 0n) > 0n).map((a) => a.operator?.toLowerCase()),
    ).size;
    return {
      sessionId: toHex(sessionId),
      steps: done,
      stepsFailed: failed,
      receiptsVerified,
      receiptsRejected,
      verificationsMatched,
      mismatchesCaught,
      slashes: upheld.length,
      padSettled,
      operatorsPaid,
      paidLeases: finalized
        .filter((a) => (a.amount ?? 0n) > 0n)
        .map((a) => (a.leaseId ?? "0x").toLowerCase()),
      disputedLeases: [...disputedLeases],
      padRefunded: refunded,
      latenciesMs,
      stepsWallS,
      firstSettledReceiptS,
      gasUsed,
      operators: devnet.workers.map((w, i) => ({
        name: w.spec.name,
        address: w.key.address,
        roles: w.spec.roles,
        padBefore: before[i]!.pad,
        padAfter: after[i]!.pad,
        stakeBefore: before[i]!.stake,
        stakeAfter: after[i]!.stake,
        slashed: after[i]!.stake < before[i]!.stake,
      })),
      project: {
        address: devnet.project.address,
        padBefore: projectBefore,
        padAfter: await padOf(devnet.project.address),
      },
      leases: totals.map((t) => ({
        leaseId: t.leaseId as Hex,
        role: leaseRole.get(t.leaseId as Hex) ?? "?",
        operator: t.operator as Address,
        cumulative: t.cumulative,
        receipts: t.receipts,
      })),
    };
  } finally {
    client.close();
  }
}
