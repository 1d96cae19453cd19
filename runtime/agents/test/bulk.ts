// Fuel probe for run-time charges: input [u32 op, u32 n]; op 0: memory.fill of n bytes,
// op 1: memory.copy of n bytes, op 2: memory.grow by n pages (returns 1 if the grow failed).
import { Reader, readInput } from "../kit";

export function step(): i32 {
  const r = new Reader(readInput());
  const op = r.u32();
  const n = r.u32();
  const base: usize = 1024;
  if (op == 0) memory.fill(base, 0xab, n);
  else if (op == 1) memory.copy(base + 8, base, n);
  else if (memory.grow(<i32>n) < 0) return 1;
  return 0;
}
