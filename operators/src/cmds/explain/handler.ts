import { credentials } from "@grpc/grpc-js";
import { type ExplainPlacementResponse, fromHex, SchedulerClient, toHex } from "@padmesh/proto";
import { formatRolePlacement } from "@padmesh/scheduler";
import type { ExplainCliOptions } from "./options.js";

/** Fetch and print every placement decision recorded for a session. */
export async function explainHandler(session: string, opts: ExplainCliOptions): Promise<void> {
  const sessionId = fromHex(session, "session");
  if (sessionId.length !== 32) throw new Error("the session id is 32 bytes of 0x hex");
  const client = new SchedulerClient(opts.scheduler, credentials.createInsecure());
  try {
    const res = await new Promise<ExplainPlacementResponse>((resolve, reject) =>
      client.explainPlacement({ sessionId }, (err, r) => (err ? reject(err) : resolve(r))),
    );
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ sessionId: toHex(res.sessionId), roles: res.roles }, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}\n`,
      );
      return;
    }
    if (res.roles.length === 0) {
      process.stdout.write(`no placement decisions recorded for ${session}\n`);
      return;
    }
    process.stdout.write(`placement decisions for session ${session} (oldest first)\n\n`);
    for (const role of res.roles) process.stdout.write(`${formatRolePlacement(role)}\n\n`);
  } finally {
    client.close();
  }
}
