// Hostile: never returns. Writes state first, to show a failed step leaves the state unchanged.
import { stateSetU64 } from "../kit";

export function step(): i32 {
  stateSetU64("touched", 1);
  let x: u32 = 1;
  while (true) {
    x = x * 3 + 1;
    store<u32>(0, x);
  }
}
