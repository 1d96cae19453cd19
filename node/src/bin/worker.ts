/**
 * Runnable worker: `tsx node/src/bin/worker.ts --data-dir ./data [flags]` (see bin/flags.ts).
 * Prints `{"event":"ready","peerId":...,"multiaddrs":[...],"metrics":"http://127.0.0.1:PORT/metrics"}`
 * on stdout when ready; JSON logs on stderr; SIGINT/SIGTERM stop it cleanly.
 */
import { parseWorkerFlags } from "./flags.js";
import { runWorkerProcess } from "./run.js";

try {
  const { configFile, flags } = parseWorkerFlags(process.argv.slice(2));
  await runWorkerProcess({ configFile, env: process.env, flags });
} catch (err) {
  const e = err as { code?: string; message?: string };
  process.stderr.write(
    `${JSON.stringify({ level: 60, msg: "worker failed to start", code: e.code, err: e.message })}\n`,
  );
  process.exit(1);
}
