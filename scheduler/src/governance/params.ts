/**
 * Governance parameters, following the chain: read all of `MeshParams` at start, then apply
 * every `ParamChanged` event as it arrives (hot update, no restart), logging old → new.
 * Listeners (placement params, rate limits, sample rate) are told after each change.
 */
import { type Hex, keccak256, toBytes } from "viem";
import type { ParamChange, ParamsSource } from "../chain/interface.js";

export interface ParamsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ParamsStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Values by parameter name (names unknown to this build are kept by key hex). */
  values(): Map<string, bigint>;
  get(name: string): bigint | undefined;
  blockNumber(): bigint;
  /** Called after every applied change; returns an unsubscribe. */
  onChange(listener: (name: string, oldValue: bigint | undefined, newValue: bigint) => void): () => void;
}

export interface ParamsStoreComponents {
  source: ParamsSource;
  logger: ParamsLogger;
}

export interface ParamsStoreInit {
  /** Parameter names this build knows (`PARAM_NAMES` from @padmesh/contracts). */
  names: readonly string[];
}

/** keccak256 of a parameter name: its key in `MeshParams`. */
export function paramKeyOf(name: string): Hex {
  return keccak256(toBytes(name));
}

export function createParamsStore(components: ParamsStoreComponents, init: ParamsStoreInit): ParamsStore {
  const nameByKey = new Map<string, string>(init.names.map((n) => [paramKeyOf(n).toLowerCase(), n]));
  const values = new Map<string, bigint>();
  const listeners = new Set<(name: string, oldValue: bigint | undefined, newValue: bigint) => void>();
  let block = 0n;
  let unwatch: (() => void) | undefined;

  const nameOf = (key: Hex) => nameByKey.get(key.toLowerCase()) ?? key.toLowerCase();

  function apply(change: ParamChange): void {
    const name = nameOf(change.key);
    const old = values.get(name);
    if (change.blockNumber > block) block = change.blockNumber;
    if (old === change.newValue) return;
    values.set(name, change.newValue);
    components.logger.info(
      {
        param: name,
        old: old?.toString() ?? null,
        new: change.newValue.toString(),
        block: change.blockNumber.toString(),
      },
      `governance: ${name} ${old ?? "unset"} → ${change.newValue}`,
    );
    for (const l of listeners) l(name, old, change.newValue);
  }

  return {
    async start() {
      const all = await components.source.readAll();
      for (const [key, v] of all.values) values.set(nameOf(key), v);
      block = all.blockNumber;
      components.logger.info(
        { params: values.size, block: block.toString() },
        "governance parameters loaded",
      );
      unwatch = components.source.watch(apply, {
        fromBlock: all.blockNumber + 1n,
        onError: (err) => components.logger.warn({ err: err.message }, "ParamChanged watch error"),
      });
    },
    async stop() {
      unwatch?.();
      unwatch = undefined;
    },
    values: () => new Map(values),
    get: (name) => values.get(name),
    blockNumber: () => block,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The scheduler's own governance-set values (rate limits, verification), with safe defaults. */
export interface ServiceParams {
  sessionsPerWindow: number;
  windowMs: number;
  stepsPerSecond: number;
  sampleRateBps: number;
}

export const SERVICE_PARAM_NAMES = {
  sessionsPerWindow: "rate.sessionsPerWindow",
  windowSeconds: "rate.windowSeconds",
  stepsPerSecond: "rate.stepsPerSecond",
  sampleRateBps: "verify.sampleRateBps",
} as const;

/** Pure: derive ServiceParams from parameter values by name. */
export function serviceParamsFrom(values: Map<string, bigint>): ServiceParams {
  const num = (name: string, dflt: number) => {
    const v = values.get(name);
    return v === undefined ? dflt : Number(v);
  };
  return {
    sessionsPerWindow: num(SERVICE_PARAM_NAMES.sessionsPerWindow, 10),
    windowMs: num(SERVICE_PARAM_NAMES.windowSeconds, 60) * 1000,
    stepsPerSecond: num(SERVICE_PARAM_NAMES.stepsPerSecond, 0),
    sampleRateBps: Math.min(10_000, num(SERVICE_PARAM_NAMES.sampleRateBps, 0)),
  };
}
