/**
 * Hostile agent modules, assembled by hand (no toolchain): each is a module an attacker could
 * upload with PutBlob and have placed. The runtime must fail the step (or refuse the module) and
 * nothing else: an endless loop (fuel), runaway recursion (call depth), memory growth without end,
 * a memory without a maximum, no `step` export, and bytes that are not wasm at all.
 */

const str = (s: string) => [s.length, ...Buffer.from(s, "latin1")];
function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const I32 = 0x7f;
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module importing `env.memory` and exporting `step: () -> i32` with the given body. */
function agent(body: number[], opts: { memoryMax?: number | null; exportName?: string } = {}): Uint8Array {
  const types = [1, 0x60, 0, 1, I32];
  const max = opts.memoryMax === undefined ? 1 : opts.memoryMax;
  const limits = max === null ? [0x00, 1] : [0x01, 1, ...uleb(max)];
  const imports = [1, ...str("env"), ...str("memory"), 0x02, ...limits];
  const funcs = [1, 0];
  const exports = [1, ...str(opts.exportName ?? "step"), 0x00, 0];
  const fn = [0, ...body, 0x0b];
  const code = [1, ...uleb(fn.length), ...fn];
  return Uint8Array.from([
    ...HEADER,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

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
