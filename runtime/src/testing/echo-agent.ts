/**
 * The test agents of every package's tests and benches: real wasm modules run by the real
 * runtime, assembled by hand (no toolchain needed).
 */
import { assembleStepAgent } from "./wasm-bytes.js";

/**
 * Each step copies its input to its output and stores it in session state under key "k", so
 * output and state root both follow the input (memory: 1 page, maximum 1).
 */
export function echoAgentWasm(): Uint8Array {
  return assembleStepAgent({
    hostImports: [
      { name: "input_size", params: 0, results: 1 }, // 0
      { name: "input_read", params: 3, results: 1 }, // 1
      { name: "output_write", params: 2, results: 0 }, // 2
      { name: "state_set", params: 4, results: 0 }, // 3
    ],
    locals: 1, // n
    body: [
      ...[0x10, 0, 0x21, 0], // n = input_size()
      ...[0x41, 0x80, 0x08, 0x41, 0, 0x20, 0, 0x10, 1, 0x1a], // input_read(1024, 0, n); drop
      ...[0x41, 0x80, 0x08, 0x20, 0, 0x10, 2], // output_write(1024, n)
      ...[0x41, 0, 0x41, 0xeb, 0x00, 0x3a, 0, 0], // mem[0] = 'k'
      ...[0x41, 0, 0x41, 1, 0x41, 0x80, 0x08, 0x20, 0, 0x10, 3], // state_set(0, 1, 1024, n)
      ...[0x41, 0], // return 0
    ],
  });
}

/** An agent whose every step reports failure (`step()` returns 1): a bad canary. */
export function failingAgentWasm(): Uint8Array {
  return assembleStepAgent({ body: [0x41, 1] });
}
