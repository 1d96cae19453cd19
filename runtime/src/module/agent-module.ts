/**
 * Loading agent modules: validate, instrument and compile once per module hash, then reuse.
 * Modules are addressed by the sha256 of their ORIGINAL bytes (what receipts carry).
 */
import { toHex } from "@padmesh/proto/core";
import { InvalidModuleError } from "../errors.js";
import { moduleHash } from "../hashes.js";
import { instrumentModule, type ModuleMemory } from "../wasm/instrument.js";

export interface AgentModule {
  /** sha256 of the original module bytes. */
  readonly hash: Uint8Array;
  readonly hashHex: string;
  /** The compiled instrumented module (or the original one when `metered` is false). */
  readonly compiled: WebAssembly.Module;
  readonly memory: ModuleMemory;
  readonly hasStart: boolean;
  /** False only for uninstrumented modules loaded for benchmarking (see loadUnmeteredModule). */
  readonly metered: boolean;
  /** Size of the original bytes. */
  readonly size: number;
  /**
   * A spare imported memory from an earlier step that never grew, reused (zeroed) by the next step:
   * creating a Memory is the largest fixed cost of a step. See exec/memory-pool.ts.
   */
  spareMemory?: WebAssembly.Memory | undefined;
}

/** How many compiled modules are kept (least recently used evicted). */
export const MODULE_CACHE_SIZE = 64;

const cache = new Map<string, AgentModule>();

function remember(module: AgentModule): AgentModule {
  cache.delete(module.hashHex);
  cache.set(module.hashHex, module);
  while (cache.size > MODULE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return module;
}

function validateOriginal(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw new InvalidModuleError("module bytes must be a Uint8Array");
  try {
    new WebAssembly.Module(bytes);
  } catch (cause) {
    throw new InvalidModuleError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * Validates and instruments `bytes` and compiles the result; cached by hash, so a second call with
 * the same bytes costs one sha256. Throws InvalidModuleError (or UnknownImportError).
 * @example
 * const agent = await loadModule(await loadSampleAgent("risk"));
 */
export async function loadModule(bytes: Uint8Array): Promise<AgentModule> {
  return loadModuleSync(bytes);
}

/** loadModule without the promise (worker threads and benchmarks). */
export function loadModuleSync(bytes: Uint8Array): AgentModule {
  if (!(bytes instanceof Uint8Array)) throw new InvalidModuleError("module bytes must be a Uint8Array");
  const hash = moduleHash(bytes);
  const hashHex = toHex(hash);
  const cached = cache.get(hashHex);
  if (cached) return remember(cached);
  validateOriginal(bytes);
  const result = instrumentModule(bytes);
  let compiled: WebAssembly.Module;
  try {
    compiled = new WebAssembly.Module(result.bytes);
  } catch (cause) {
    throw new InvalidModuleError("the instrumented module does not compile (a runtime bug; please report)", {
      cause,
    });
  }
  return remember({
    hash,
    hashHex,
    compiled,
    memory: result.memory,
    hasStart: result.hasStart,
    metered: true,
    size: bytes.length,
  });
}

/**
 * The module compiled WITHOUT instrumentation: no fuel, no depth counter, no NaN canonicalization.
 * Only for measuring metering overhead; its results must never go into a receipt. Not cached.
 */
export function loadUnmeteredModule(bytes: Uint8Array): AgentModule {
  const metered = loadModuleSync(bytes);
  return { ...metered, compiled: new WebAssembly.Module(bytes), hasStart: false, metered: false };
}

/** Drops every cached module (tests). */
export function clearModuleCache(): void {
  cache.clear();
}
