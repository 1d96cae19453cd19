/**
 * Reusing an agent's imported memory between steps. A fresh instance must see exactly what a new
 * memory would give it: `initial` pages, all zero (its data segments are written by the
 * instantiation itself). A memory that never grew past `initial` is zeroed and reused; one that
 * grew cannot shrink and is dropped. Steps run synchronously, so one spare per module is enough.
 */
import type { AgentModule } from "../module/agent-module.js";

const PAGE = 65536;

export function acquireMemory(module: AgentModule): WebAssembly.Memory {
  const spare = module.spareMemory;
  if (spare) {
    module.spareMemory = undefined;
    new Uint8Array(spare.buffer).fill(0);
    return spare;
  }
  return new WebAssembly.Memory({ initial: module.memory.initial, maximum: module.memory.maximum });
}

export function releaseMemory(module: AgentModule, memory: WebAssembly.Memory): void {
  if (memory.buffer.byteLength === module.memory.initial * PAGE) module.spareMemory = memory;
}
