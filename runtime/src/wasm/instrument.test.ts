import { StepStatus } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { InvalidModuleError, UnknownImportError } from "../errors.js";
import { executeStep } from "../exec/execute-step.js";
import { loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { uleb, wasmName, wasmSection } from "../testing/wasm-bytes.js";
import { instrumentModule } from "./instrument.js";

// Hand-assembled modules: (type () -> i32), memory, export "step", body.
function moduleWith(opts: { memory?: number[]; body?: number[]; exportName?: string; imports?: number[] }) {
  const body = opts.body ?? [0x41, 0x00];
  const code = [0x00, ...body, 0x0b];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...wasmSection(1, [0x01, 0x60, 0x00, 0x01, 0x7f]),
    ...(opts.imports ? wasmSection(2, opts.imports) : []),
    ...wasmSection(3, [0x01, 0x00]),
    ...wasmSection(5, opts.memory ?? [0x01, 0x01, 0x01, 0x02]),
    ...wasmSection(7, [0x01, ...wasmName(opts.exportName ?? "step"), 0x00, opts.imports ? 0x01 : 0x00]),
    ...wasmSection(10, [0x01, ...uleb(code.length), ...code]),
  ]);
}

describe("instrumentModule", () => {
  it("accepts a minimal module and the result compiles", () => {
    const result = instrumentModule(moduleWith({}));
    expect(result.memory).toEqual({ imported: false, initial: 1, maximum: 2 });
    expect(() => new WebAssembly.Module(result.bytes)).not.toThrow();
  });

  it("runs a module that defines (rather than imports) its memory", async () => {
    const module = await loadModule(moduleWith({}));
    const out = await executeStep(module, new Uint8Array(0), new SessionState(), {
      sequence: 0n,
      timestampMs: 0n,
    });
    expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
    expect(out.fuelUsed).toBeGreaterThan(0n);
    const failing = await loadModule(moduleWith({ body: [0x41, 0x05] }));
    const failed = await executeStep(failing, new Uint8Array(0), new SessionState(), {
      sequence: 0n,
      timestampMs: 0n,
    });
    expect(failed.status).toBe(StepStatus.STEP_STATUS_AGENT_ERROR);
  });

  it("rejects malformed bytes", async () => {
    await expect(loadModule(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(InvalidModuleError);
    const truncated = moduleWith({}).subarray(0, 20);
    await expect(loadModule(truncated)).rejects.toMatchObject({ code: "ERR_INVALID_MODULE" });
  });

  it("requires a memory maximum", () => {
    expect(() => instrumentModule(moduleWith({ memory: [0x01, 0x00, 0x01] }))).toThrow(/maximum/);
  });

  it("rejects shared memory (threads)", () => {
    expect(() => instrumentModule(moduleWith({ memory: [0x01, 0x03, 0x01, 0x02] }))).toThrow(
      InvalidModuleError,
    );
  });

  it("rejects SIMD instructions", () => {
    const v128 = [0xfd, 0x0c, ...new Array(16).fill(0), 0x1a, 0x41, 0x00];
    const bytes = moduleWith({ body: v128 });
    expect(WebAssembly.validate(bytes)).toBe(true); // the engine would run it...
    expect(() => instrumentModule(bytes)).toThrow(/SIMD/); // ...the runtime does not
  });

  it("rejects a module without a step export and reserved export names", () => {
    expect(() => instrumentModule(moduleWith({ exportName: "main" }))).toThrow(/step/);
    expect(() => instrumentModule(moduleWith({ exportName: "__pm_fuel" }))).toThrow(/reserved/);
  });

  it("rejects imports outside the ABI and ABI imports with the wrong signature", () => {
    // import "env" "seed" : () -> i32 (type 0) — AssemblyScript's Math.random seed
    const seed = [0x01, ...wasmName("env"), ...wasmName("seed"), 0x00, 0x00];
    expect(() => instrumentModule(moduleWith({ imports: seed }))).toThrow(UnknownImportError);
    // "padmesh"."log" declared as () -> i32 instead of (i32, i32) -> ()
    const log = [0x01, ...wasmName("padmesh"), ...wasmName("log"), 0x00, 0x00];
    expect(() => instrumentModule(moduleWith({ imports: log }))).toThrow(/wrong signature/);
  });
});
