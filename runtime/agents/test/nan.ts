// Float determinism probe: output = bits of (input f64 + 1.0), (input f64 * 0.0) and sqrt(-x).
import { readInput, Reader, Writer, writeOutput } from "../kit";

export function step(): i32 {
  const r = new Reader(readInput());
  const x = r.f64();
  const w = new Writer(24);
  w.f64(x + 1.0);
  w.f64(x * 0.0);
  w.f64(Math.sqrt(-Math.abs(x) - 1.0));
  writeOutput(w.bytes());
  return 0;
}
