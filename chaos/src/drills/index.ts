/** Every drill, in the order `--full` runs them. */
import { badInput } from "./bad-input.js";
import { byzantine } from "./byzantine.js";
import type { Drill } from "./interface.js";
import { killScheduler } from "./kill-scheduler.js";
import { killWorkers } from "./kill-workers.js";
import { load } from "./load.js";
import { partition } from "./partition.js";

export const DRILLS: Drill[] = [killWorkers, killScheduler, partition, byzantine, badInput, load];

export function drillByName(name: string): Drill | undefined {
  return DRILLS.find((d) => d.name === name);
}
