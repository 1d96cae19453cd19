/**
 * Hostile agent modules, assembled by hand (no toolchain): each is a module an attacker could
 * upload with PutBlob and have placed. The runtime must fail the step (or refuse the module) and
 * nothing else: an endless loop (fuel), runaway recursion (call depth), memory growth without end,
 * a memory without a maximum, no `step` export, and bytes that are not wasm at all.
 */
import { assembleStepAgent } from "@padmesh/runtime/testing";

/** A module importing `env.memory` and exporting `step: () -> i32` with the given body. */
const agent = (body: number[], opts: { memoryMax?: number | null; exportName?: string } = {}) =>
  assembleStepAgent({ body, ...opts });

export interface HostileModule {
  name: string;
  bytes: Uint8Array;
}

export function hostileModules(): HostileModule[] {
  const garbage = new Uint8Array(2048);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
  return [
    // loop { br 0 } — never returns; fuel must stop it.
    { name: "endless-loop", bytes: agent([0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00]) },
    // call 0 (itself) forever — the call-depth limit must stop it deterministically.
    { name: "runaway-recursion", bytes: agent([0x10, 0x00]) },
    // loop { memory.grow(1); drop; br 0 } with a memory maximum of 1 page.
    {
      name: "memory-growth",
      bytes: agent([0x03, 0x40, 0x41, 0x01, 0x40, 0x00, 0x1a, 0x0c, 0x00, 0x0b, 0x41, 0x00]),
    },
    // The same growth loop with no memory maximum declared.
    {
      name: "unbounded-memory",
      bytes: agent([0x03, 0x40, 0x41, 0x01, 0x40, 0x00, 0x1a, 0x0c, 0x00, 0x0b, 0x41, 0x00], {
        memoryMax: null,
      }),
    },
    { name: "no-step-export", bytes: agent([0x41, 0x00], { exportName: "not_step" }) },
    { name: "not-wasm", bytes: garbage },
  ];
}
