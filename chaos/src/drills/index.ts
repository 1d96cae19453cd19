/** Every drill, in the order `--full` runs them. */
import type { Drill } from "./interface.js";
import { killWorkers } from "./kill-workers.js";

export const DRILLS: Drill[] = [killWorkers];

export function drillByName(name: string): Drill | undefined {
  return DRILLS.find((d) => d.name === name);
}
