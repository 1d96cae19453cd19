import {
  type Capacity,
  CreateSessionRequest,
  type LeaseInfo,
  type ModuleCanary,
  PlacementStrategy,
  Role,
  type RoleRequirement,
} from "@padmesh/proto";
import type { MeshClient } from "../client/createMeshClient.js";
import { authenticate, unary } from "../client/transport.js";
import type { SchedulerCallError } from "../errors.js";
import { uploadModule } from "./uploadModule.js";

export type RoleName = "compute" | "execution" | "coordination" | "verification";

export const ROLE_BY_NAME: Record<RoleName, Role> = {
  compute: Role.ROLE_COMPUTE,
  execution: Role.ROLE_EXECUTION,
  coordination: Role.ROLE_COORDINATION,
  verification: Role.ROLE_VERIFICATION,
};

export interface RolePlan {
  role: RoleName;
  /** Module by sha256, raw bytes, or a path to a .wasm file (uploaded first). */
  module?: Uint8Array | string;
  count?: number;
  resources?: Partial<Capacity>;
  minBandwidthBps?: bigint;
  /** Highest price per fuel unit (PAD wei) this role may be placed at. */
  maxPricePerFuel?: bigint;
  region?: string;
  strategy?: "latency" | "throughput";
}

export interface CreateSessionParameters {
  /** bytes32 id of the escrow opened with `openSession`. */
  sessionId: Uint8Array;
  roles: RolePlan[];
  priority?: number;
  fuelLimitPerStep?: bigint;
  canary?: { module: Uint8Array | string; percent: number; rollbackThresholdBps?: number };
}
export interface CreateSessionReturnType {
  sessionId: Uint8Array;
  leases: LeaseInfo[];
}
export type CreateSessionErrorType = SchedulerCallError;

/**
 * Ask the scheduler to place a session's roles. Modules given as bytes or paths are uploaded first.
 * @example
 * const { leases } = await createSession(client, {
 *   sessionId,
 *   roles: [
 *     { role: "compute", module: "runtime/agents/build/risk.wasm" },
 *     { role: "execution", module: "runtime/agents/build/clearing.wasm", strategy: "latency" },
 *     { role: "verification" },
 *   ],
 * });
 */
export async function createSession(
  client: MeshClient,
  params: CreateSessionParameters,
): Promise<CreateSessionReturnType> {
  const roles: RoleRequirement[] = [];
  for (const plan of params.roles) {
    roles.push({
      role: ROLE_BY_NAME[plan.role],
      count: plan.count ?? 1,
      moduleHash: plan.module === undefined ? new Uint8Array(0) : await moduleRef(client, plan.module),
      resources: {
        cpuMillis: plan.resources?.cpuMillis ?? 100,
        ramBytes: plan.resources?.ramBytes ?? 64n * 1024n * 1024n,
        vramBytes: plan.resources?.vramBytes ?? 0n,
        gpus: plan.resources?.gpus ?? 0,
        leaseSlots: 1,
      },
      minBandwidthBps: plan.minBandwidthBps ?? 0n,
      maxPricePerFuel: plan.maxPricePerFuel ?? 0n,
      region: plan.region ?? "",
      strategy:
        plan.strategy === "throughput"
          ? PlacementStrategy.PLACEMENT_STRATEGY_THROUGHPUT
          : plan.strategy === "latency"
            ? PlacementStrategy.PLACEMENT_STRATEGY_LATENCY
            : PlacementStrategy.PLACEMENT_STRATEGY_UNSPECIFIED,
    });
  }
  let canary: ModuleCanary | undefined;
  if (params.canary) {
    canary = {
      moduleHash: await moduleRef(client, params.canary.module),
      percent: params.canary.percent,
      rollbackThresholdBps: params.canary.rollbackThresholdBps ?? 500,
    };
  }
  const req = await authenticate(
    CreateSessionRequest,
    "CreateSession",
    {
      sessionId: params.sessionId,
      owner: client.account.address,
      roles,
      priority: params.priority ?? 0,
      fuelLimitPerStep: params.fuelLimitPerStep ?? 10_000_000n,
      canary,
      auth: undefined,
    },
    client.owner,
  );
  const s = client.transport.scheduler;
  const res = await unary("CreateSession", s.createSession.bind(s), req);
  return { sessionId: res.sessionId, leases: res.leases };
}

async function moduleRef(client: MeshClient, module: Uint8Array | string): Promise<Uint8Array> {
  if (module instanceof Uint8Array && module.length === 32) return module; // already a hash
  return (await uploadModule(client, { module })).hash;
}
