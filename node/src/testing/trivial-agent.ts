/**
 * A trivial agent for tests and the benchmark, assembled by hand (no toolchain needed): each
 * step copies its input to its output and stores it in session state under key "k", so output
 * and state root both follow the input. A real wasm module run by the real runtime.
 */

const str = (s: string) => [s.length, ...Buffer.from(s, "latin1")];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
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

const I32 = 0x7f;

/** The echo-and-store agent's wasm bytes (memory: 1 page, maximum 1). */
export function trivialAgentWasm(): Uint8Array {
  const types = [
    4,
    ...[0x60, 0, 1, I32], // t0 () -> i32
    ...[0x60, 3, I32, I32, I32, 1, I32], // t1 (i32 i32 i32) -> i32
    ...[0x60, 2, I32, I32, 0], // t2 (i32 i32) -> ()
    ...[0x60, 4, I32, I32, I32, I32, 0], // t3 (i32 i32 i32 i32) -> ()
  ];
  const imports = [
    5,
    ...str("env"),
    ...str("memory"),
    0x02,
    0x01,
    1,
    1,
    ...str("padmesh"),
    ...str("input_size"),
    0x00,
    0,
    ...str("padmesh"),
    ...str("input_read"),
    0x00,
    1,
    ...str("padmesh"),
    ...str("output_write"),
    0x00,
    2,
    ...str("padmesh"),
    ...str("state_set"),
    0x00,
    3,
  ];
  const funcs = [1, 0];
  const exports = [1, ...str("step"), 0x00, 4];
  const body = [
    1,
    1,
    I32, // one i32 local: n
    ...[0x10, 0, 0x21, 0], // n = input_size()
    ...[0x41, 0x80, 0x08, 0x41, 0, 0x20, 0, 0x10, 1, 0x1a], // input_read(1024, 0, n); drop
    ...[0x41, 0x80, 0x08, 0x20, 0, 0x10, 2], // output_write(1024, n)
    ...[0x41, 0, 0x41, 0xeb, 0x00, 0x3a, 0, 0], // mem[0] = 'k'
    ...[0x41, 0, 0x41, 1, 0x41, 0x80, 0x08, 0x20, 0, 0x10, 3], // state_set(0, 1, 1024, n)
    ...[0x41, 0, 0x0b], // return 0
  ];
  const code = [1, ...uleb(body.length), ...body];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
