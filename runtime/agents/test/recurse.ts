// Hostile: unbounded (non-tail) recursion.
import { readInput } from "../kit";

function depth(n: i32): i32 {
  if (n == 0) return 0;
  return depth(n - 1) + 1;
}

export function step(): i32 {
  const input = readInput();
  return depth(input.length > 0 ? <i32>input[0] * 1_000_000 : 10) == 0 ? 1 : 0;
}
