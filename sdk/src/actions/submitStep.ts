import {
  childContext,
  formatTraceparent,
  newTraceContext,
  parseTraceparent,
  SubmitStepRequest,
  type Tracer,
  toHex,
} from "@padmesh/proto";
import type { MeshClient } from "../client/createMeshClient.js";
import { authenticate, unary } from "../client/transport.js";
import { SchedulerCallError } from "../errors.js";

export interface SubmitStepParameters {
  sessionId: Uint8Array;
  input: Uint8Array;
  /** Deterministic step time given to the agent (default: now). */
  timestampMs?: bigint;
  /** Idempotency key: a retried submit with the same id returns the original sequence. */
  clientStepId?: string;
  /** How long to keep retrying when the scheduler says it is overloaded (default 30 s). */
  retryForMs?: number;
  /**
   * W3C traceparent to continue (your service's current span); a new trace starts when absent.
   * The scheduler and the nodes put their spans for this step under it.
   */
  traceparent?: string;
  /** Records an `sdk.submitStep` span (e.g. into your own span store or OTLP exporter). */
  tracer?: Tracer;
  signal?: AbortSignal;
}
export interface SubmitStepReturnType {
  sequence: bigint;
  duplicate: boolean;
  /** The trace this step is recorded under (look it up on the scheduler's dashboard: /api/traces/<traceId>). */
  traceId: string;
  /** The traceparent sent with the step (its span is the parent of the scheduler's spans). */
  traceparent: string;
}
export type SubmitStepErrorType = SchedulerCallError;

/**
 * Sessions whose scheduler refused this client's session key (opened with another one): their
 * steps are signed by the owner account instead.
 */
const ownerSigned = new WeakMap<MeshClient, Set<string>>();

/**
 * Submit one step. Overload (RESOURCE_EXHAUSTED) is retried after the server's hint, with the same
 * idempotency key, so a step is never submitted twice. Steps are signed with the client's session
 * key (the hot key the escrow registered for the session; a local key signs far faster than a
 * wallet account), or by the owner account for a session opened with another session key.
 * @example
 * const { sequence } = await submitStep(client, { sessionId, input });
 */
export async function submitStep(
  client: MeshClient,
  params: SubmitStepParameters,
): Promise<SubmitStepReturnType> {
  const clientStepId = params.clientStepId ?? crypto.randomUUID();
  const giveUpAt = Date.now() + (params.retryForMs ?? 30_000);
  const s = client.transport.scheduler;
  const parent = parseTraceparent(params.traceparent);
  const span = params.tracer?.startSpan("sdk.submitStep", { ...(parent ? { parent } : {}) });
  const context = span?.context ?? (parent ? childContext(parent) : newTraceContext());
  const traceparent = formatTraceparent(context);
  const sid = toHex(params.sessionId);
  let refused = ownerSigned.get(client);
  for (;;) {
    params.signal?.throwIfAborted();
    const bySessionKey = !refused?.has(sid);
    const req = await authenticate(
      SubmitStepRequest,
      "SubmitStep",
      {
        sessionId: params.sessionId,
        input: params.input,
        timestampMs: params.timestampMs ?? BigInt(Date.now()),
        clientStepId,
        traceparent,
        auth: undefined,
      },
      bySessionKey ? client.sessionKey : client.owner,
    );
    try {
      const res = await unary("SubmitStep", s.submitStep.bind(s), req);
      span?.end({ attributes: { sequence: res.sequence.toString(), duplicate: res.duplicate } });
      return { sequence: res.sequence, duplicate: res.duplicate, traceId: context.traceId, traceparent };
    } catch (err) {
      if (bySessionKey && err instanceof SchedulerCallError && err.grpcCode === 7) {
        refused ??= new Set();
        ownerSigned.set(client, refused);
        refused.add(sid);
        continue; // the same step, signed by the owner
      }
      const retryable = err instanceof SchedulerCallError && (err.grpcCode === 8 || err.grpcCode === 14);
      if (!retryable || Date.now() >= giveUpAt) {
        span?.end({ error: err });
        throw err;
      }
      const wait = Math.min(err.retryAfterMs ?? 100, Math.max(0, giveUpAt - Date.now()));
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
