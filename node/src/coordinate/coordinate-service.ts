/**
 * The coordination role: a session's coordinator runs each step through the session's legs (its
 * compute lease, then its execution lease, each leg's output the next one's input), checks every
 * leg's receipt before passing its output on, then runs its own coordination module on the
 * coordination record of the legs (proto/src/coordination.ts) as an ordinary step of its lease:
 * journalled, signed, hash-chained, and re-executable by a verifier. The module's state is the
 * session's ledger; its snapshot goes back to the scheduler with the legs' snapshots, so losing
 * the coordinator loses nothing.
 *
 * A leg that fails without a receipt (unreachable, refused, a receipt that is not the leg
 * operator's) ends the step there with nothing coordinated: the scheduler re-places that leg and
 * sends the step again, and legs that already ran answer from their signing guard.
 */
import {
  type CheckedReceipt,
  type CoordinateHop,
  type CoordinateRequest,
  type CoordinateResponse,
  checkStepReceipt,
  coordinationRecordOf,
  type HopResult,
  MAX_COORDINATION_HOPS,
  type MeshDomain,
  type Receipt,
  Role,
  type StepInput,
  type StepResult,
  StepStatus,
  toHex,
} from "@padmesh/proto";
import { BadRequestError, UnknownLeaseError } from "../errors.js";
import { fromLeaseScheduler, type LeaseTable } from "../leases/lease-table.js";
import { type StepService, stepErrorResult, tamper } from "../steps/step-service.js";

/** Calls a leg's node: one ordered step stream per leg lease. */
export interface LegClient {
  step(hop: CoordinateHop, input: StepInput, options?: { signal?: AbortSignal }): Promise<StepResult>;
  /** Close the step streams of legs no longer called. */
  forget(legLeaseIds: Iterable<string>): Promise<void>;
  stop(): Promise<void>;
}

export interface CoordinateServiceComponents {
  leases: LeaseTable;
  /** Runs the coordination lease's own step (in-process, on the node's step pipeline). */
  steps: StepService;
  legs: LegClient;
  domain: MeshDomain;
}

export interface CoordinateServiceInit {
  /** TEST ONLY: the share of steps on which a leg after the first is passed a tampered input. */
  relayTamperRate?: number;
  /** Source of randomness for the fault (tests inject one). */
  random?: () => number;
}

export interface CoordinateService {
  /** One coordinated step; `remotePeer` must be the scheduler that offered the coordination lease. */
  handle(
    req: CoordinateRequest,
    options?: { signal?: AbortSignal; remotePeer?: string },
  ): Promise<CoordinateResponse>;
  /** The coordination lease ended: close its legs' streams. */
  ended(leaseId: Uint8Array): Promise<void>;
}

const LEG_ROLES = new Set<number>([Role.ROLE_COMPUTE, Role.ROLE_EXECUTION]);

function refused(err: unknown): CoordinateResponse {
  return { hops: [], coordination: stepErrorResult(err) };
}

function receiptOf(r: StepResult): Receipt | undefined {
  return r.kind?.value.receipt;
}

/**
 * @example
 * const coordinate = createCoordinateService({ leases, steps, legs: createLegClient({ libp2p }), domain });
 * const res = await coordinate.handle(request, { remotePeer });
 */
export function createCoordinateService(
  c: CoordinateServiceComponents,
  init: CoordinateServiceInit = {},
): CoordinateService {
  const { leases, steps, legs, domain } = c;
  const random = init.random ?? Math.random;
  /** Per coordination lease: the legs it calls (their streams are closed when no longer named). */
  const legsOf = new Map<string, Set<string>>();

  function validate(req: CoordinateRequest): StepInput {
    const step = req.step;
    if (step?.leaseId.length !== 32)
      throw new BadRequestError("CoordinateRequest.step.leaseId must be 32 bytes");
    if (req.hops.length === 0 || req.hops.length > MAX_COORDINATION_HOPS)
      throw new BadRequestError(
        `a coordinated step has 1..${MAX_COORDINATION_HOPS} legs, got ${req.hops.length}`,
      );
    for (const [i, h] of req.hops.entries()) {
      if (h.leaseId.length !== 32) throw new BadRequestError(`hops[${i}].leaseId must be 32 bytes`);
      if (!LEG_ROLES.has(h.role)) throw new BadRequestError(`hops[${i}] is neither compute nor execution`);
      if (!h.peerId || !/^0x[0-9a-fA-F]{40}$/.test(h.operator))
        throw new BadRequestError(`hops[${i}] needs a peer id and an operator address`);
    }
    return step;
  }

  async function run(
    step: StepInput,
    hops: CoordinateHop[],
    signal: AbortSignal | undefined,
  ): Promise<CoordinateResponse> {
    const key = toHex(step.leaseId);
    const named = new Set<string>(hops.map((h) => toHex(h.leaseId)));
    const before = legsOf.get(key);
    if (before) await legs.forget([...before].filter((l) => !named.has(l)));
    legsOf.set(key, named);

    const results: HopResult[] = [];
    const legReceipts: CheckedReceipt[] = [];
    let input = step.input;
    let finalOutput: Uint8Array | undefined;
    const lie = (init.relayTamperRate ?? 0) > 0 && random() < (init.relayTamperRate ?? 0);
    for (const [i, hop] of hops.entries()) {
      if (lie && i > 0) input = tamper(input);
      const legInput: StepInput = {
        ...step,
        leaseId: hop.leaseId,
        input,
        moduleHash: hop.moduleHash,
      };
      let res: StepResult;
      try {
        res = await legs.step(hop, legInput, { signal });
      } catch (err) {
        results.push({
          leaseId: hop.leaseId,
          kind: { $case: "transportError", value: (err as Error).message },
        });
        return { hops: results, coordination: undefined };
      }
      results.push({ leaseId: hop.leaseId, kind: { $case: "result", value: res } });
      const receipt = receiptOf(res);
      const output = res.kind?.$case === "output" ? res.kind.value.output : undefined;
      if (!receipt) return { hops: results, coordination: undefined };
      let checked: CheckedReceipt;
      try {
        checked = await checkStepReceipt(domain, receipt, {
          operator: hop.operator,
          leaseId: hop.leaseId,
          sequence: step.sequence,
          input,
          ...(output ? { output } : {}),
        });
      } catch {
        // Nothing is built on a receipt that is not the leg's: the scheduler judges it.
        return { hops: results, coordination: undefined };
      }
      legReceipts.push(checked);
      if (!output || receipt.status !== StepStatus.STEP_STATUS_OK) {
        finalOutput = undefined;
        break;
      }
      input = output;
      finalOutput = output;
    }
    const record = coordinationRecordOf(step.input, legReceipts, finalOutput);
    const coordination = await steps.handle(
      { ...step, input: record, moduleHash: new Uint8Array(0) },
      signal ? { signal } : {},
    );
    return { hops: results, coordination };
  }

  return {
    async handle(req, options = {}) {
      let step: StepInput;
      try {
        step = validate(req);
      } catch (err) {
        return refused(err);
      }
      const lease = leases.get(step.leaseId);
      if (!lease || !fromLeaseScheduler(lease.terms, options.remotePeer))
        return refused(new UnknownLeaseError(toHex(step.leaseId)));
      if (lease.terms.role !== Role.ROLE_COORDINATION)
        return refused(new BadRequestError(`lease ${toHex(step.leaseId)} is not a coordination lease`));
      // Steps arrive one at a time: the scheduler sends a session's next step only after the last
      // one's answer, on one ordered stream. A resend on a new stream after a timeout may overlap
      // the first try: the legs and this lease's own step answer it from their signing guards.
      try {
        return await run(step, req.hops, options.signal);
      } catch (err) {
        return refused(err);
      }
    },
    async ended(leaseId) {
      const key = toHex(leaseId);
      const named = legsOf.get(key);
      legsOf.delete(key);
      if (named) await legs.forget(named);
    },
  };
}
