/**
 * Runs a lease's steps: StepInput → StepResult. Per lease, strictly in order: execute through
 * the runtime on the lease's session state, build the receipt (hash-chained to the previous
 * one), journal it with the new state and sign it through the signing guard (durable before
 * it is sent), then answer with the receipt, the output and the state snapshot.
 * A step already journalled (a resend after a restart or a lost reply) is answered from the
 * journal; a different input at a journalled sequence is refused.
 */
import {
  type ActiveSpan,
  bytesEqual,
  createSpanCollector,
  createTracer,
  PadMeshError,
  type StepInput,
  type StepOutput,
  type StepResult,
  StepStatus,
  sha256,
  type Tracer,
  toHex,
  toTraceSpan,
} from "@padmesh/proto";
import type { BlobStore } from "../blobs/blob-store.js";
import {
  BadRequestError,
  SigningConflictError,
  StepSequenceError,
  UnknownLeaseError,
  VouchersBehindError,
} from "../errors.js";
import type { SigningGuard } from "../journal/signing-guard.js";
import { type LeaseTable, mayDriveSteps } from "../leases/lease-table.js";
import type { StepExecutor } from "./executor.js";
import { buildReceipt } from "./receipt-builder.js";

export interface StepServiceComponents {
  leases: LeaseTable;
  guard: SigningGuard;
  executor: StepExecutor;
  blobs: BlobStore;
  /**
   * Fetch a module the node does not hold from the lease's scheduler (a step may name a canary
   * module other than the lease's). The fetcher checks the bytes hash to `hash`.
   */
  fetchModule?(scheduler: string, hash: Uint8Array): Promise<Uint8Array>;
  /** Observes every finished step (metrics). */
  onStep?(e: { durationS: number; status: StepStatus; fuel: bigint; errorCode?: string; role: number }): void;
  /** Source of randomness for the dishonesty fault (tests inject one). */
  random?: () => number;
}

/**
 * How a forging node forges a receipt (TEST ONLY):
 * - "signature": the receipt is sent with a signature that does not recover to the operator (what
 *   a forger without the operator's key sends); the journal keeps the genuine one.
 * - "chain": the receipt names a previous receipt that is not the lease's previous one (a gap or a
 *   reordering of the hash chain), signed consistently and journalled as sent.
 */
export type ForgeKind = "signature" | "chain";

export interface StepServiceInit {
  maxFuelPerStep: bigint;
  /** TEST ONLY: the share of steps answered with a wrong (consistently signed) output. */
  /** Receipts a lease may run ahead of its latest voucher (0 = no limit). */
  maxUnvoucheredReceipts?: number;
  dishonestRate?: number;
  /** TEST ONLY: with dishonestRate, honest up to this session sequence, lying only after it. */
  dishonestAfterSequence?: number;
  /** TEST ONLY: the share of successful steps whose receipt is forged (see ForgeKind). */
  forgeRate?: number;
  forgeKind?: ForgeKind;
}

export interface StepService {
  /**
   * Run one step. `remotePeer` (the transport-authenticated sender) must be the scheduler that
   * offered the lease or the coordinator it delegated the lease to; anyone else is told the
   * lease does not exist.
   */
  handle(input: StepInput, options?: { signal?: AbortSignal; remotePeer?: string }): Promise<StepResult>;
}

const STATUS_CODE: Record<number, string> = {
  [StepStatus.STEP_STATUS_OUT_OF_FUEL]: "ERR_OUT_OF_FUEL",
  [StepStatus.STEP_STATUS_TRAP]: "ERR_TRAP",
  [StepStatus.STEP_STATUS_MEMORY_LIMIT]: "ERR_MEMORY_LIMIT",
  [StepStatus.STEP_STATUS_OUTPUT_LIMIT]: "ERR_OUTPUT_LIMIT",
  [StepStatus.STEP_STATUS_TIMEOUT]: "ERR_TIMEOUT",
  [StepStatus.STEP_STATUS_INVALID_MODULE]: "ERR_INVALID_MODULE",
  [StepStatus.STEP_STATUS_AGENT_ERROR]: "ERR_AGENT_ERROR",
};

export function stepErrorResult(err: unknown): StepResult {
  const e =
    err instanceof PadMeshError
      ? err
      : new PadMeshError("ERR_INTERNAL", err instanceof Error ? err.message : String(err));
  return {
    kind: { $case: "error", value: { code: e.code, message: e.shortMessage, receipt: undefined, spans: [] } },
  };
}

function resultOf(output: StepOutput): StepResult {
  const r = output.receipt;
  if (r && r.status !== StepStatus.STEP_STATUS_OK) {
    return {
      kind: {
        $case: "error",
        value: {
          code: STATUS_CODE[r.status] ?? "ERR_STEP_FAILED",
          message: output.logs.at(-1) ?? "step failed",
          receipt: r,
          spans: [],
        },
      },
    };
  }
  return { kind: { $case: "output", value: output } };
}

/**
 * Wrong bytes for the dishonesty faults (a wrong output; a coordinator's wrong relay):
 * deterministic in the real bytes, never equal to them.
 */
export function tamper(output: Uint8Array): Uint8Array {
  const out = new Uint8Array(output.length + 1);
  out.set(output);
  out[output.length] = 0x21;
  if (output.length > 0) out[0] = ((output[0] as number) ^ 0xff) & 0xff;
  return out;
}

/** A signature that recovers to some other key: `s` changed, `r` and `v` kept. */
export function forgeSignature(signature: Uint8Array): Uint8Array {
  const out = signature.slice();
  if (out.length === 65) out[40] = ((out[40] as number) ^ 0x5a) & 0xff;
  return out;
}

/** A previous-receipt hash that is not the real one (deterministic in it). */
export function forgePrevHash(prev: Uint8Array): Uint8Array {
  return sha256(prev);
}

/**
 * @example
 * const steps = createStepService({ leases, guard, executor, blobs }, { maxFuelPerStep: 10n ** 10n });
 * const result = await steps.handle(stepInput);
 */
export function createStepService(components: StepServiceComponents, init: StepServiceInit): StepService {
  const { leases, guard, executor, blobs } = components;
  const random = components.random ?? Math.random;

  async function replay(input: StepInput): Promise<StepResult> {
    const signed = await guard.resign(input.leaseId, input.sequence);
    if (!signed?.output.receipt) throw new StepSequenceError(input.sequence + 1n, input.sequence);
    const r = signed.output.receipt;
    if (!bytesEqual(r.inputHash, sha256(input.input)) || r.timestampMs !== input.timestampMs) {
      throw new SigningConflictError(toHex(input.leaseId), input.sequence);
    }
    return resultOf(signed.output);
  }

  async function run(
    input: StepInput,
    signal: AbortSignal | undefined,
    tracer: Tracer | undefined,
    parent: ActiveSpan | undefined,
  ): Promise<StepResult> {
    const lease = leases.get(input.leaseId);
    if (!lease) throw new UnknownLeaseError(toHex(input.leaseId));
    if (input.sessionId.length > 0 && !bytesEqual(input.sessionId, lease.terms.sessionId)) {
      throw new BadRequestError("step session does not match the lease");
    }
    if (lease.lastSequence !== undefined && input.sequence <= lease.lastSequence) return replay(input);
    const expected =
      lease.lastSequence !== undefined
        ? lease.lastSequence + 1n
        : lease.terms.resumeCheckpoint.length > 0
          ? lease.terms.resumeSequence + 1n
          : undefined;
    if (expected !== undefined && input.sequence !== expected)
      throw new StepSequenceError(expected, input.sequence);
    const limit = init.maxUnvoucheredReceipts ?? 0;
    if (limit > 0) {
      const signed = (lease.lastSequence ?? lease.terms.resumeSequence) - lease.terms.resumeSequence;
      if (signed - lease.vouchered >= BigInt(limit))
        throw new VouchersBehindError(toHex(input.leaseId), signed - lease.vouchered, limit);
    }

    const moduleHash = input.moduleHash.length === 32 ? input.moduleHash : lease.terms.moduleHash;
    let moduleBytes = await blobs.get(moduleHash);
    if (!moduleBytes && components.fetchModule && lease.terms.scheduler) {
      moduleBytes = await components.fetchModule(lease.terms.scheduler, moduleHash).catch(() => undefined);
      if (moduleBytes) await blobs.putVerified(moduleHash, moduleBytes);
    }
    if (!moduleBytes) throw new BadRequestError(`module ${toHex(moduleHash)} is not cached on this node`);
    const cap = lease.terms.maxFuelPerStep > 0n ? lease.terms.maxFuelPerStep : init.maxFuelPerStep;
    const fuelLimit = input.fuelLimit > 0n && input.fuelLimit < cap ? input.fuelLimit : cap;
    const started = performance.now();
    const execSpan = tracer?.startSpan("node.execute", {
      parent,
      attributes: { "fuel.limit": Number(fuelLimit) },
    });
    const outcome = await executor.execute(
      {
        moduleHash,
        moduleBytes,
        input: input.input,
        stateBefore: lease.state,
        sequence: input.sequence,
        timestampMs: input.timestampMs,
        fuelLimit,
      },
      { signal },
    );
    execSpan?.end({
      attributes: { "fuel.used": Number(outcome.fuelUsed), status: outcome.status },
    });
    const dishonest =
      (init.dishonestRate ?? 0) > 0 &&
      input.sequence > BigInt(init.dishonestAfterSequence ?? 0) &&
      random() < (init.dishonestRate ?? 0);
    const output =
      dishonest && outcome.status === StepStatus.STEP_STATUS_OK ? tamper(outcome.output) : outcome.output;
    const forge =
      (init.forgeRate ?? 0) > 0 &&
      outcome.status === StepStatus.STEP_STATUS_OK &&
      random() < (init.forgeRate ?? 0)
        ? (init.forgeKind ?? "chain")
        : undefined;
    const receipt = buildReceipt({
      terms: lease.terms,
      input,
      moduleHash,
      outcome,
      prevReceiptHash: forge === "chain" ? forgePrevHash(lease.prevReceiptHash) : lease.prevReceiptHash,
      output,
    });
    const checkpoint = sha256(outcome.stateAfter);
    // Journalled durably, then signed: one span, since the guard does both as one act.
    const journalSpan = tracer?.startSpan("node.receipt.journal_sign", { parent });
    const signed = await guard.commitAndSign({
      output,
      stateRootAfter: outcome.stateRootAfter,
      fuelUsed: outcome.fuelUsed,
      logs: outcome.error ? [...outcome.logs, outcome.error] : outcome.logs,
      receipt,
      checkpoint,
      stateSnapshot: outcome.stateAfter,
      spans: [],
    });
    journalSpan?.end();
    parent?.setAttribute("fuel.used", Number(outcome.fuelUsed));
    lease.lastSequence = input.sequence;
    lease.prevReceiptHash = signed.receiptHash;
    lease.state = outcome.stateAfter;
    lease.steps++;
    blobs.putVolatile(outcome.stateAfter, checkpoint);
    components.onStep?.({
      durationS: (performance.now() - started) / 1000,
      status: outcome.status,
      fuel: outcome.fuelUsed,
      role: lease.terms.role,
      errorCode: outcome.status === StepStatus.STEP_STATUS_OK ? undefined : STATUS_CODE[outcome.status],
    });
    if (forge === "signature" && signed.output.receipt) {
      const r = signed.output.receipt;
      return resultOf({ ...signed.output, receipt: { ...r, signature: forgeSignature(r.signature) } });
    }
    return resultOf(signed.output);
  }

  return {
    async handle(input, options = {}) {
      const lease = leases.get(input.leaseId);
      if (!lease || !mayDriveSteps(lease.terms, options.remotePeer))
        return stepErrorResult(new UnknownLeaseError(toHex(input.leaseId)));
      // Traced only when the caller sent a traceparent; the spans go back with the result.
      const collector = input.traceparent ? createSpanCollector() : undefined;
      const tracer = collector ? createTracer({ sinks: [collector] }, { service: "node" }) : undefined;
      const span = tracer?.startSpan("node.step", {
        parent: input.traceparent,
        attributes: {
          lease: toHex(input.leaseId),
          sequence: input.sequence.toString(),
          role: lease.terms.role,
        },
      });
      const traced = (r: StepResult, error?: unknown): StepResult => {
        if (!span || !collector) return r;
        span.end(error === undefined ? {} : { error });
        const spans = collector.spans.map(toTraceSpan);
        const k = r.kind;
        if (k?.$case === "output") return { kind: { $case: "output", value: { ...k.value, spans } } };
        if (k?.$case === "error") return { kind: { $case: "error", value: { ...k.value, spans } } };
        return r;
      };
      try {
        const r = await leases.enqueue(lease, () => run(input, options.signal, tracer, span));
        return traced(r, r.kind?.$case === "error" ? r.kind.value.code : undefined);
      } catch (err) {
        components.onStep?.({
          durationS: 0,
          status: StepStatus.STEP_STATUS_AGENT_ERROR,
          fuel: 0n,
          role: lease.terms.role,
          errorCode: err instanceof PadMeshError ? err.code : "ERR_INTERNAL",
        });
        return traced(stepErrorResult(err), err);
      }
    },
  };
}
