// Agent-reported failures: input[0] = 1 -> step returns 3; 2 -> abort via throw; else ok.
import { readInput, stateSetU64 } from "../kit";

export function step(): i32 {
  stateSetU64("before-failure", 1);
  const input = readInput();
  if (input.length > 0 && input[0] == 1) return 3;
  if (input.length > 0 && input[0] == 2) throw new Error("agent gave up");
  return 0;
}
