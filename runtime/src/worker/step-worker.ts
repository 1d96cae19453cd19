/** The step worker thread: runs jobs from its parent one at a time. */
import { parentPort } from "node:worker_threads";
import { PadMeshError } from "@padmesh/proto/core";
import type { StepJob, StepReply } from "./messages.js";
import { runJob } from "./run-job.js";

const port = parentPort;
if (!port) throw new Error("step-worker must run in a worker thread");

port.on("message", (job: StepJob) => {
  let reply: StepReply;
  try {
    reply = { id: job.id, ok: true, outcome: runJob(job) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = {
      id: job.id,
      ok: false,
      error: { name: e.name, code: e instanceof PadMeshError ? e.code : "ERR_EXECUTOR", message: e.message },
    };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
