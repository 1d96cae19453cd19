/** How a host function ends a step: thrown through the wasm frames and classified by the executor. */
import type { StepStatus } from "@padmesh/proto/core";

export class HostTrap extends Error {
  readonly status: StepStatus;
  readonly code: string;
  constructor(status: StepStatus, code: string, message: string) {
    super(message);
    this.name = "HostTrap";
    this.status = status;
    this.code = code;
  }
}
