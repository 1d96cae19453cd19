// Compute probe made of tiny recursive calls (the worst case for entry charges): fib(input[0]).
import { readInput, Writer, writeOutput } from "../kit";

function fib(n: u32): u64 {
  return n < 2 ? <u64>n : fib(n - 1) + fib(n - 2);
}

export function step(): i32 {
  const input = readInput();
  const w = new Writer(8);
  w.u64(fib(input.length > 0 ? <u32>input[0] : 20));
  writeOutput(w.bytes());
  return 0;
}
