/**
 * Hand-assembled agent modules for tests: the few wasm encodings they need (LEB128, names,
 * sections) and one builder for a `step` agent over the host ABI, so tests, fixtures and drills
 * need no toolchain and no copy of an assembler of their own.
 */

export const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] as const;
export const I32 = 0x7f;
const FUNC_TYPE = 0x60;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
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

export const wasmName = (s: string): number[] => {
  const bytes = new TextEncoder().encode(s);
  return [...uleb(bytes.length), ...bytes];
};

export const wasmSection = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** A host function the agent imports from module `padmesh`; every parameter and result is i32. */
export interface HostImport {
  name: string;
  params: number;
  results: 0 | 1;
}

export interface StepAgentSpec {
  /** Imported `padmesh` functions: function indices 0.. in this order; `step` comes after them. */
  hostImports?: HostImport[];
  /** How many i32 locals `step` has. */
  locals?: number;
  /** `step`'s instructions, without the final `end`; it must leave one i32 (0 = ok). */
  body: number[];
  /** Maximum pages of the imported `env.memory` (1 page initial); null: no maximum. Default 1. */
  memoryMax?: number | null;
  /** Default "step". */
  exportName?: string;
}

/** A module importing `env.memory` and `hostImports`, exporting `step: () -> i32` with `body`. */
export function assembleStepAgent(spec: StepAgentSpec): Uint8Array {
  const hostImports = spec.hostImports ?? [];
  const signature = (params: number, results: number) => [
    FUNC_TYPE,
    ...uleb(params),
    ...Array<number>(params).fill(I32),
    ...uleb(results),
    ...Array<number>(results).fill(I32),
  ];
  // Type i is import i's signature; the last type is step's () -> i32.
  const types = [
    ...uleb(hostImports.length + 1),
    ...hostImports.flatMap((h) => signature(h.params, h.results)),
    ...signature(0, 1),
  ];
  const max = spec.memoryMax === undefined ? 1 : spec.memoryMax;
  const limits = max === null ? [0x00, 1] : [0x01, 1, ...uleb(max)];
  const imports = [
    ...uleb(hostImports.length + 1),
    ...wasmName("env"),
    ...wasmName("memory"),
    0x02,
    ...limits,
    ...hostImports.flatMap((h, i) => [...wasmName("padmesh"), ...wasmName(h.name), 0x00, ...uleb(i)]),
  ];
  const stepIndex = hostImports.length;
  const locals = spec.locals ? [1, ...uleb(spec.locals), I32] : [0];
  const fn = [...locals, ...spec.body, 0x0b];
  return Uint8Array.from([
    ...WASM_HEADER,
    ...wasmSection(1, types),
    ...wasmSection(2, imports),
    ...wasmSection(3, [1, ...uleb(stepIndex)]),
    ...wasmSection(7, [1, ...wasmName(spec.exportName ?? "step"), 0x00, ...uleb(stepIndex)]),
    ...wasmSection(10, [1, ...uleb(fn.length), ...fn]),
  ]);
}
