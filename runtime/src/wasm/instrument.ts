/**
 * Fuel instrumentation and validation of an agent module, on the wasm binary itself.
 *
 * Why our own rewriter and not binaryen's IR: fuel is part of the protocol (receipts carry it and
 * nodes are paid by it), so it must depend on nothing but the module bytes and this file — not on
 * how a third-party optimizer version shapes its tree. The flat instruction stream also lets the
 * call-depth counter be restored at call sites (no rewriting of returns) and bulk-memory charges be
 * computed from the operand already on the stack.
 *
 * What it does (docs/runtime.md, "Fuel" and "Limits"):
 * - fuel: an exported mutable i64 global. Each function entry and each loop header subtracts the
 *   static cost of the straight-line code it starts (nested loops excluded, if/else: the larger
 *   arm) and traps when the counter goes negative. memory.copy/fill/init charge len/8 at run time,
 *   table.copy/fill/init/grow charge their length, memory.grow charges PAGE_FUEL per page.
 * - memory: memory.grow beyond the step's page limit (a global the host sets) traps with
 *   status MEMORY.
 * - call depth: each function entry adds its estimated frame size to a depth global, restored by
 *   the caller before each call; beyond STACK_BUDGET the step traps with status STACK, long before
 *   the engine's own stack would overflow (which is not deterministic).
 * - floats: the result of every f32/f64 operation that may produce a NaN is canonicalized.
 * - the start function (if any) is exported as `__pm_start` instead of run at instantiation, so
 *   it runs metered once the host has set the fuel.
 */

import { ABI_FUNCTIONS, ABI_MEMORY, RESERVED_PREFIX, STEP_EXPORT } from "../abi/host-abi.js";
import { InvalidModuleError, UnknownImportError } from "../errors.js";
import { ByteReader, ByteWriter } from "./bytes.js";
import { checkValType, producesF32Nan, producesF64Nan, readInstr, staticCost } from "./opcodes.js";

/** Fuel per 64 KiB page added by memory.grow. */
export const PAGE_FUEL = 8192n;
/** Estimated stack bytes the agent may use (sum of frame sizes of active calls). */
export const STACK_BUDGET = 256 * 1024;
/** Estimated frame size: FRAME_BASE + FRAME_PER_LOCAL × (params + locals). */
export const FRAME_BASE = 64;
export const FRAME_PER_LOCAL = 8;
/** Most locals (params included) a function may declare. */
export const MAX_LOCALS = 50_000;

/** Values of the `__pm_status` global after a trap. */
export const TRAP_STATUS = { none: 0, memory: 2, stack: 3 } as const;

/** Names of what the instrumentation exports. */
export const EXPORTS = {
  fuel: "__pm_fuel",
  status: "__pm_status",
  memLimit: "__pm_mem_limit",
  depth: "__pm_depth",
  memory: "__pm_memory",
  start: "__pm_start",
} as const;

export interface ModuleMemory {
  imported: boolean;
  initial: number;
  maximum: number;
}

export interface InstrumentResult {
  /** The instrumented module bytes. */
  bytes: Uint8Array;
  memory: ModuleMemory;
  hasStart: boolean;
  /** Host functions the module imports, as "module.name". */
  imports: string[];
}

interface FuncType {
  params: number[];
  results: number[];
}

const SECTION_ORDER: Record<number, number> = {
  1: 1,
  2: 2,
  3: 3,
  4: 4,
  5: 5,
  6: 6,
  7: 7,
  8: 8,
  9: 9,
  12: 10,
  10: 11,
  11: 12,
};

function readLimits(r: ByteReader, what: string): { min: number; max: number | undefined } {
  const flags = r.u8();
  if (flags === 0x02 || flags === 0x03)
    throw new InvalidModuleError(`shared ${what} (threads) is not allowed`);
  if (flags >= 0x04) throw new InvalidModuleError(`${what} with 64-bit indices (memory64) is not allowed`);
  const min = r.u32();
  const max = flags === 0x01 ? r.u32() : undefined;
  return { min, max };
}

function sameSig(a: FuncType, params: readonly number[], results: readonly number[]): boolean {
  return (
    a.params.length === params.length &&
    a.results.length === results.length &&
    a.params.every((p, i) => p === params[i]) &&
    a.results.every((p, i) => p === results[i])
  );
}

/** Validates `original` against the runtime's rules and returns its instrumented form. */
export function instrumentModule(original: Uint8Array): InstrumentResult {
  if (
    original.length < 8 ||
    original[0] !== 0x00 ||
    original[1] !== 0x61 ||
    original[2] !== 0x73 ||
    original[3] !== 0x6d ||
    original[4] !== 0x01 ||
    original[5] !== 0 ||
    original[6] !== 0 ||
    original[7] !== 0
  ) {
    throw new InvalidModuleError("not a wasm binary module (bad magic or version)");
  }
  const sections: { id: number; start: number; end: number }[] = [];
  {
    const r = new ByteReader(original, 8);
    while (!r.done) {
      const id = r.u8();
      const size = r.u32();
      const start = r.pos;
      r.skip(size);
      sections.push({ id, start, end: r.pos });
    }
  }

  const types: FuncType[] = [];
  const funcTypes: number[] = []; // type index of every function, imports first
  let importedFuncs = 0;
  const importedGlobals = 0; // imported globals are rejected below
  const imports: string[] = [];
  let memory: ModuleMemory | undefined;
  let definedGlobals = 0;
  let startFunc: number | undefined;
  const exportNames = new Set<string>();

  for (const s of sections) {
    const r = new ByteReader(original, s.start, s.end);
    switch (s.id) {
      case 1: {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const form = r.u8();
          if (form !== 0x60) throw new InvalidModuleError("GC/recursive types are not allowed");
          const np = r.u32();
          const params: number[] = [];
          for (let j = 0; j < np; j++) params.push(checkValType(r.u8()));
          const nr = r.u32();
          const results: number[] = [];
          for (let j = 0; j < nr; j++) results.push(checkValType(r.u8()));
          types.push({ params, results });
        }
        break;
      }
      case 2: {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const mod = r.name();
          const name = r.name();
          const kind = r.u8();
          if (kind === 0x00) {
            const typeIndex = r.u32();
            const type = types[typeIndex];
            const namespace = Object.hasOwn(ABI_FUNCTIONS, mod) ? ABI_FUNCTIONS[mod] : undefined;
            const abi = namespace && Object.hasOwn(namespace, name) ? namespace[name] : undefined;
            if (!abi) {
              throw new UnknownImportError(mod, name, "function");
            }
            if (!type || !sameSig(type, abi.params, abi.results)) {
              throw new InvalidModuleError(
                `import "${mod}"."${name}" has the wrong signature (docs/runtime.md)`,
              );
            }
            funcTypes.push(typeIndex);
            importedFuncs++;
            imports.push(`${mod}.${name}`);
          } else if (kind === 0x02) {
            if (mod !== ABI_MEMORY.module || name !== ABI_MEMORY.name) {
              throw new UnknownImportError(mod, name, "memory");
            }
            const { min, max } = readLimits(r, "memory");
            if (memory) throw new InvalidModuleError("more than one memory (multi-memory) is not allowed");
            if (max === undefined) {
              throw new InvalidModuleError("the memory has no maximum; declare one (asc --maximumMemory N)");
            }
            memory = { imported: true, initial: min, maximum: max };
          } else if (kind === 0x01) {
            throw new UnknownImportError(mod, name, "table");
          } else if (kind === 0x03) {
            throw new UnknownImportError(mod, name, "global");
          } else {
            throw new UnknownImportError(mod, name, kind === 0x04 ? "tag" : `kind ${kind}`);
          }
        }
        break;
      }
      case 3: {
        const n = r.u32();
        for (let i = 0; i < n; i++) funcTypes.push(r.u32());
        break;
      }
      case 5: {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const { min, max } = readLimits(r, "memory");
          if (memory) throw new InvalidModuleError("more than one memory (multi-memory) is not allowed");
          if (max === undefined) {
            throw new InvalidModuleError("the memory has no maximum; declare one (asc --maximumMemory N)");
          }
          memory = { imported: false, initial: min, maximum: max };
        }
        break;
      }
      case 6:
        definedGlobals = r.u32();
        break;
      case 7: {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const name = r.name();
          r.u8();
          r.u32();
          if (name.startsWith(RESERVED_PREFIX)) {
            throw new InvalidModuleError(`export "${name}" uses the reserved prefix ${RESERVED_PREFIX}`);
          }
          exportNames.add(name);
        }
        break;
      }
      case 8:
        startFunc = r.u32();
        break;
      case 13:
        throw new InvalidModuleError("exception handling (tags) is not allowed");
      default:
        break;
    }
  }
  if (!memory) throw new InvalidModuleError("the module has no memory");
  if (!exportNames.has(STEP_EXPORT)) {
    throw new InvalidModuleError(`the module does not export a "${STEP_EXPORT}" function`);
  }

  const g0 = importedGlobals + definedGlobals;
  const G = { fuel: g0, status: g0 + 1, memLimit: g0 + 2, depth: g0 + 3 };

  const out = new ByteWriter();
  out.bytes(original.subarray(0, 8));
  const writeSection = (id: number, payload: Uint8Array) => {
    out.byte(id).u32(payload.length).bytes(payload);
  };

  const globalSection = (): Uint8Array => {
    const w = new ByteWriter().u32(definedGlobals + 4);
    const existing = sections.find((s) => s.id === 6);
    if (existing) {
      const r = new ByteReader(original, existing.start, existing.end);
      r.u32();
      w.bytes(original.subarray(r.pos, existing.end));
    }
    w.bytes([0x7e, 0x01, 0x42, 0x00, 0x0b]); // fuel
    w.bytes([0x7f, 0x01, 0x41, 0x00, 0x0b]); // status
    w.bytes([0x7f, 0x01, 0x41, 0x00, 0x0b]); // memory page limit
    w.bytes([0x7f, 0x01, 0x41, 0x00, 0x0b]); // depth
    return w.finish();
  };

  const exportSection = (s: { start: number; end: number }): Uint8Array => {
    const r = new ByteReader(original, s.start, s.end);
    const n = r.u32();
    const added: [string, number, number][] = [
      [EXPORTS.fuel, 0x03, G.fuel],
      [EXPORTS.status, 0x03, G.status],
      [EXPORTS.memLimit, 0x03, G.memLimit],
      [EXPORTS.depth, 0x03, G.depth],
      [EXPORTS.memory, 0x02, 0],
    ];
    if (startFunc !== undefined) added.push([EXPORTS.start, 0x00, startFunc]);
    const w = new ByteWriter().u32(n + added.length);
    w.bytes(original.subarray(r.pos, s.end));
    for (const [name, kind, index] of added) w.name(name).byte(kind).u32(index);
    return w.finish();
  };

  let wroteGlobals = false;
  for (const s of sections) {
    if (s.id === 0) continue; // custom sections (names, producers) are dropped
    if (!wroteGlobals && (SECTION_ORDER[s.id] ?? 0) >= SECTION_ORDER[6]!) {
      writeSection(6, globalSection());
      wroteGlobals = true;
      if (s.id === 6) continue;
    }
    switch (s.id) {
      case 7:
        writeSection(7, exportSection(s));
        break;
      case 8:
        break; // the start function is exported instead (see above)
      case 10:
        writeSection(10, rewriteCode(original, s, { types, funcTypes, importedFuncs, G }));
        break;
      default:
        writeSection(s.id, original.subarray(s.start, s.end));
    }
  }
  return { bytes: out.finish(), memory, hasStart: startFunc !== undefined, imports };
}

interface CodeContext {
  types: FuncType[];
  funcTypes: number[];
  importedFuncs: number;
  G: { fuel: number; status: number; memLimit: number; depth: number };
}

function rewriteCode(original: Uint8Array, s: { start: number; end: number }, ctx: CodeContext): Uint8Array {
  const r = new ByteReader(original, s.start, s.end);
  const n = r.u32();
  if (n !== ctx.funcTypes.length - ctx.importedFuncs) {
    throw new InvalidModuleError("function and code section counts differ");
  }
  const w = new ByteWriter().u32(n);
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    const bodyStart = r.pos;
    r.skip(size);
    const type = ctx.types[ctx.funcTypes[ctx.importedFuncs + i] as number];
    if (!type) throw new InvalidModuleError("function has an unknown type");
    const body = rewriteBody(original, bodyStart, bodyStart + size, type, ctx);
    w.u32(body.length).bytes(body);
  }
  return w.finish();
}

interface Edit {
  at: number;
  /** Original bytes [at, skipTo) are dropped; defaults to `at` (pure insertion). */
  skipTo: number;
  make: () => ArrayLike<number>;
}

function rewriteBody(
  original: Uint8Array,
  start: number,
  end: number,
  type: FuncType,
  ctx: CodeContext,
): Uint8Array {
  const { G } = ctx;
  const r = new ByteReader(original, start, end);
  const groups = r.u32();
  const groupsEnd = r.pos;
  let locals = type.params.length;
  for (let i = 0; i < groups; i++) {
    const count = r.u32();
    checkValType(r.u8());
    locals += count;
    if (locals > MAX_LOCALS)
      throw new InvalidModuleError(`a function declares more than ${MAX_LOCALS} locals`);
  }
  const localsEnd = r.pos;
  // Scratch locals added to every function.
  const L = { t64: locals, t32: locals + 1, depth: locals + 2, f32: locals + 3, f64: locals + 4 };
  const frame = FRAME_BASE + FRAME_PER_LOCAL * (locals + 5);

  const leb = (v: number) => new ByteWriter().u32(v).finish();
  const sleb = (v: bigint) => new ByteWriter().s64(v).finish();
  const fuelG = leb(G.fuel);
  const statusG = leb(G.status);
  const t64 = leb(L.t64);
  const t32 = leb(L.t32);
  const depthL = leb(L.depth);
  const depthG = leb(G.depth);
  const memLimitG = leb(G.memLimit);
  const f32L = leb(L.f32);
  const f64L = leb(L.f64);
  // fuel -= <i64 on stack>; trap if negative.
  const subtractAndCheck = [
    0x7d,
    0x22,
    ...t64,
    0x24,
    ...fuelG,
    0x20,
    ...t64,
    0x42,
    0x00,
    0x53,
    0x04,
    0x40,
    0x00,
    0x0b,
  ];
  const charge = (cost: number) => [0x23, ...fuelG, 0x42, ...sleb(BigInt(cost)), ...subtractAndCheck];
  // [.., n:i32] -> [.., n:i32], charging n >> shift.
  const dynamicCharge = (shift: number) => [
    0x22,
    ...t32,
    0x23,
    ...fuelG,
    0x20,
    ...t32,
    0xad,
    ...(shift > 0 ? [0x42, shift, 0x88] : []),
    ...subtractAndCheck,
  ];
  const trapWith = (status: number) => [0x04, 0x40, 0x41, status, 0x24, ...statusG, 0x00, 0x0b];
  const memoryGrow = [
    0x21,
    ...t32,
    0x20,
    ...t32,
    0xad,
    0x3f,
    0x00,
    0xad,
    0x7c,
    0x23,
    ...memLimitG,
    0xad,
    0x56,
    ...trapWith(TRAP_STATUS.memory),
    0x23,
    ...fuelG,
    0x20,
    ...t32,
    0xad,
    0x42,
    ...sleb(PAGE_FUEL),
    0x7e,
    ...subtractAndCheck,
    0x20,
    ...t32,
    0x40,
    0x00,
    0x22,
    ...t32,
    0x41,
    0x7f,
    0x46,
    ...trapWith(TRAP_STATUS.memory),
    0x20,
    ...t32,
  ];
  // Function entry: fuel -= cost and depth += frame, then ONE branch for both checks (the cold
  // path sorts out which one failed: the host reads a negative fuel counter as OUT_OF_FUEL first).
  const budget = new ByteWriter().s32(STACK_BUDGET).finish();
  const depthOver = [0x20, ...depthL, 0x41, ...budget, 0x4b];
  const enter = (cost: number) => [
    ...[0x23, ...fuelG, 0x42, ...sleb(BigInt(cost)), 0x7d, 0x22, ...t64, 0x24, ...fuelG],
    ...[
      0x23,
      ...depthG,
      0x41,
      ...new ByteWriter().s32(frame).finish(),
      0x6a,
      0x22,
      ...depthL,
      0x24,
      ...depthG,
    ],
    ...[0x20, ...t64, 0x42, 0x00, 0x53, ...depthOver, 0x72],
    ...[0x04, 0x40, ...depthOver, ...trapWith(TRAP_STATUS.stack), 0x00, 0x0b],
  ];
  const restoreDepth = [0x20, ...depthL, 0x24, ...depthG];
  const canonF32 = [0x22, ...f32L, 0x43, 0x00, 0x00, 0xc0, 0x7f, 0x20, ...f32L, 0x20, ...f32L, 0x5b, 0x1b];
  const canonF64 = [
    0x22,
    ...f64L,
    0x44,
    0,
    0,
    0,
    0,
    0,
    0,
    0xf8,
    0x7f,
    0x20,
    ...f64L,
    0x20,
    ...f64L,
    0x61,
    0x1b,
  ];

  interface Frame {
    kind: "func" | "block" | "loop" | "if";
    cost: number;
    thenCost: number;
    site?: { cost: number };
  }
  const entrySite = { cost: 0 };
  const frames: Frame[] = [{ kind: "func", cost: 0, thenCost: -1, site: entrySite }];
  const edits: Edit[] = [];
  const insert = (at: number, make: () => ArrayLike<number>) => edits.push({ at, skipTo: at, make });

  while (frames.length > 0) {
    if (r.done) throw new InvalidModuleError("function body ends before its last `end`");
    const at = r.pos;
    const ins = readInstr(r);
    const top = frames[frames.length - 1] as Frame;
    top.cost += staticCost(ins.op);
    switch (ins.op) {
      case 0x02:
        frames.push({ kind: "block", cost: 0, thenCost: -1 });
        break;
      case 0x03: {
        const site = { cost: 0 };
        frames.push({ kind: "loop", cost: 0, thenCost: -1, site });
        insert(r.pos, () => (site.cost > 0 ? charge(site.cost) : []));
        break;
      }
      case 0x04:
        frames.push({ kind: "if", cost: 0, thenCost: -1 });
        break;
      case 0x05:
        top.thenCost = top.cost;
        top.cost = 0;
        break;
      case 0x0b: {
        frames.pop();
        const parent = frames[frames.length - 1];
        if (top.kind === "loop" || top.kind === "func") {
          (top.site as { cost: number }).cost = top.cost;
        } else if (top.kind === "if") {
          const arms = top.thenCost >= 0 ? Math.max(top.thenCost, top.cost) : top.cost;
          (parent as Frame).cost += arms;
        } else {
          (parent as Frame).cost += top.cost;
        }
        break;
      }
      case 0x10:
        if (ins.index >= ctx.importedFuncs) insert(at, () => restoreDepth);
        break;
      case 0x11:
        insert(at, () => restoreDepth);
        break;
      case 0x40:
        edits.push({ at, skipTo: r.pos, make: () => memoryGrow });
        break;
      case 0xfc:
        if (ins.sub === 8 || ins.sub === 10 || ins.sub === 11) insert(at, () => dynamicCharge(3));
        else if (ins.sub === 12 || ins.sub === 14 || ins.sub === 15 || ins.sub === 17)
          insert(at, () => dynamicCharge(0));
        break;
      default:
        if (producesF32Nan(ins.op)) insert(r.pos, () => canonF32);
        else if (producesF64Nan(ins.op)) insert(r.pos, () => canonF64);
    }
  }
  if (!r.done) throw new InvalidModuleError("bytes after a function body's last `end`");

  const w = new ByteWriter();
  w.u32(groups + 5);
  w.bytes(original.subarray(groupsEnd, localsEnd));
  w.bytes([1, 0x7e, 1, 0x7f, 1, 0x7f, 1, 0x7d, 1, 0x7c]);
  w.bytes(enter(entrySite.cost));
  let pos = localsEnd;
  for (const e of edits) {
    w.bytes(original.subarray(pos, e.at));
    w.bytes(e.make());
    pos = e.skipTo;
  }
  w.bytes(original.subarray(pos, end));
  return w.finish();
}
