// Fuel probe: loops n times (n = first u32 of the input) over a body with an if/else.
import { Reader, readInput, Writer, writeOutput } from "../kit";

export function step(): i32 {
  const n = new Reader(readInput()).u32();
  let acc: u64 = 7;
  for (let i: u32 = 0; i < n; i++) {
    if ((acc & 1) == 0) acc = acc / 2 + <u64>i;
    else acc = acc * 3 + 1;
  }
  const w = new Writer(8);
  w.u64(acc);
  writeOutput(w.bytes());
  return 0;
}
