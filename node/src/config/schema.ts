/**
 * The worker's configuration, grouped by subsystem and validated with zod. Three layers are
 * merged in order: config file (JSON) < environment (PADMESH_*) < command-line flags.
 * Governance values (thresholds, weights) never come from here: they are read from the chain.
 */
import { z } from "zod";

const role = z.enum(["compute", "execution", "coordination", "verification"]);
export type RoleName = z.infer<typeof role>;

const decimal = z
  .union([z.string().regex(/^[0-9]+$/), z.number().int().nonnegative(), z.bigint().nonnegative()])
  .transform((v) => BigInt(v));

export const nodeConfigSchema = z
  .object({
    dataDir: z.string().min(1),
    /** Path of a file holding the operator's 0x-hex secp256k1 key (or use env PADMESH_OPERATOR_KEY). */
    operatorKeyFile: z.string().optional(),
    region: z.string().max(128).default("local"),
    roles: z.array(role).min(1).max(4).default(["compute", "execution"]),
    /** PAD wei per fuel unit asked for each role; offers below it are rejected. */
    prices: z.partialRecord(role, decimal).default({}),
    network: z
      .object({
        listen: z.array(z.string()).default(["/ip4/127.0.0.1/tcp/0"]),
        bootstrap: z.array(z.string()).default([]),
        mdns: z.boolean().default(false),
        maxConnections: z.number().int().min(1).max(10_000).default(200),
        maxIncomingPendingConnections: z.number().int().min(1).max(1_000).default(32),
      })
      .prefault({}),
    adverts: z
      .object({
        intervalMs: z.number().int().min(100).max(300_000).default(10_000),
        ttlMs: z.number().int().min(1_000).max(600_000).default(60_000),
      })
      .prefault({}),
    probe: z
      .object({
        intervalMs: z.number().int().min(1_000).default(300_000),
        /** http(s) URL of a transfer-test endpoint: GET returns bytes, POST accepts them. */
        bandwidthTarget: z.string().url().optional(),
        bandwidthBytes: z
          .number()
          .int()
          .min(1024)
          .max(256 * 1024 * 1024)
          .default(4 * 1024 * 1024),
        nvidiaSmi: z.string().default("nvidia-smi"),
      })
      .prefault({}),
    capacity: z
      .object({
        /** Share of probed CPU/RAM offered to leases (the rest is kept for the node itself). */
        shareOfHost: z.number().min(0.05).max(1).default(0.9),
        leaseSlots: z.number().int().min(1).max(10_000).default(16),
        /** An accepted offer not confirmed within this many ms is released. */
        reservationMs: z.number().int().min(100).max(600_000).default(10_000),
      })
      .prefault({}),
    journal: z
      .object({
        /** fsync each group-commit batch (survives power loss, not only process crashes). */
        sync: z.boolean().default(true),
        maxBatch: z.number().int().min(1).max(100_000).default(1_000),
      })
      .prefault({}),
    signing: z
      .object({
        /**
         * Threads signing receipts off the main thread (0 = sign on the main thread, the default:
         * a libsecp256k1 signature costs less than the round trip to a thread).
         */
        threads: z.number().int().min(0).max(16).default(0),
      })
      .prefault({}),
    limits: z
      .object({
        maxFuelPerStep: decimal.default(10_000_000_000n),
        /** Wall-time backstop per step (the worker running it is terminated); never part of a receipt. */
        stepTimeoutMs: z.number().int().min(10).max(600_000).default(2_000),
        /** Worker threads executing steps; default min(4, cores - 1). */
        executionWorkers: z.number().int().min(1).max(64).optional(),
        /**
         * Receipts a lease may run ahead of the project's latest voucher before the node refuses
         * further steps on it (ERR_VOUCHERS_BEHIND): the most unpaid work an operator risks per
         * lease. 0 = no limit. The SDK countersigns every 250 ms, far inside the default.
         */
        maxUnvoucheredReceipts: z.number().int().min(0).default(5_000),
        /** As coordinator: how long one leg (a compute or execution node) may take to answer a step. */
        legStepTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
      })
      .prefault({}),
    chain: z
      .object({
        rpcUrl: z.string().url().optional(),
        /** deployments file written by the contracts' deploy step. */
        deployment: z.string().optional(),
        chainId: decimal.optional(),
        sessionEscrow: z
          .string()
          .regex(/^0x[0-9a-fA-F]{40}$/)
          .optional(),
        operatorRegistry: z
          .string()
          .regex(/^0x[0-9a-fA-F]{40}$/)
          .optional(),
        stakeCacheMs: z.number().int().min(0).default(60_000),
        /** Claim the latest voucher on-chain when a lease ends. */
        autoClaim: z.boolean().default(true),
      })
      .prefault({}),
    metrics: z
      .object({
        enabled: z.boolean().default(true),
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65_535).default(9464),
      })
      .prefault({}),
    log: z
      .object({
        level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
      })
      .prefault({}),
    /** Tracing (docs/observability.md): spans outside steps (claims) to an OTLP/HTTP collector. */
    tracing: z.object({ otlpEndpoint: z.string().default("") }).prefault({}),
    faults: z
      .object({
        /**
         * TEST ONLY: the share of steps (0..1) on which the node returns a wrong output, signed
         * consistently, so verifiers can be shown catching and slashing it. Never set in production.
         */
        dishonestRate: z.number().min(0).max(1).default(0),
        /**
         * TEST ONLY: with dishonestRate, the node is honest up to this session sequence and lies
         * only after it (an operator that earns trust and vouchers first, then cheats).
         */
        dishonestAfterSequence: z.number().int().min(0).default(0),
        /**
         * TEST ONLY: the share of successful steps (0..1) whose receipt the node forges, so the
         * scheduler and the SDK can be shown refusing it: "signature" (a signature that does not
         * recover to the operator) or "chain" (a broken hash chain, signed). Never set in production.
         */
        forgeRate: z.number().min(0).max(1).default(0),
        forgeKind: z.enum(["signature", "chain"]).default("chain"),
        /**
         * TEST ONLY: as a session's coordinator, the share of steps (0..1) on which the node passes
         * a leg an input other than the previous leg's output and coordinates anyway, so the
         * scheduler can be shown blaming the coordinator, not the leg. Never set in production.
         */
        relayTamperRate: z.number().min(0).max(1).default(0),
      })
      .prefault({}),
  })
  .strict();

export type NodeConfigInput = z.input<typeof nodeConfigSchema>;
export type NodeConfig = z.output<typeof nodeConfigSchema>;
