// Hostile: writes 2 MiB of output (over the default 1 MiB limit).
import { writeOutput } from "../kit";

export function step(): i32 {
  writeOutput(new Uint8Array(2 << 20));
  return 0;
}
