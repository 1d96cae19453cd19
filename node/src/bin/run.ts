/**
 * `runWorkerProcess`: load config (file < env < flags), start the worker, print one JSON ready
 * line on stdout, stop cleanly on SIGINT/SIGTERM. Shared by `node/src/bin/worker.ts` and
 * `padmesh node start`. Logs are JSON (pino) on stderr; keys are never logged.
 */

import { createKeySigner } from "@padmesh/proto";
import pino from "pino";
import { resolveChain } from "../config/domain.js";
import { loadNodeConfig } from "../config/load.js";
import { loadOperatorKey } from "../config/operator-key.js";
import { createThreadSigner } from "../signing/thread-signer.js";
import { createWorkerNode, type WorkerNode } from "../worker-node.js";
import { createChainClients } from "./chain.js";

export interface RunWorkerOptions {
  configFile?: string;
  env: NodeJS.ProcessEnv;
  flags: Record<string, unknown>;
  /** Where the ready line goes (default stdout). */
  out?: NodeJS.WritableStream;
  /** Install SIGINT/SIGTERM handlers that stop the node and exit (default true). */
  handleSignals?: boolean;
}

export async function runWorkerProcess(options: RunWorkerOptions): Promise<WorkerNode> {
  const config = await loadNodeConfig({ file: options.configFile, env: options.env, flags: options.flags });
  const logger = pino({ level: config.log.level, base: { service: "padmesh-node" } }, pino.destination(2));
  const key = await loadOperatorKey({ keyFile: config.operatorKeyFile, env: options.env });
  const signer = createKeySigner(key);
  // Receipts are signed on the main thread unless signing.threads > 0 (same signatures; a thread
  // starts on the first receipt, so an idle node holds none).
  const threaded =
    config.signing.threads > 0 ? createThreadSigner(key, { threads: config.signing.threads }) : undefined;
  const chain = await resolveChain(config);
  if (chain.dev) logger.warn("no chain configured: signing under the local dev EIP-712 domain");
  const clients = createChainClients(config, chain, key, logger);
  const node = createWorkerNode(
    { signer, receiptSigner: threaded, domain: chain.domain, logger, ...clients },
    config,
  );
  if (options.handleSignals !== false) {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      node
        .stop()
        .then(() => threaded?.close())
        .then(() => process.exit(0))
        .catch((err) => {
          logger.error({ err: (err as Error).message }, "unclean shutdown");
          process.exit(1);
        });
    };
    process.on("SIGINT", () => shutdown("SIGINT"));
    process.on("SIGTERM", () => shutdown("SIGTERM"));
  }
  await node.start();
  const s = node.status();
  (options.out ?? process.stdout).write(
    `${JSON.stringify({
      event: "ready",
      peerId: s.peerId,
      multiaddrs: s.multiaddrs,
      metrics: s.metrics ?? null,
      operator: signer.address,
    })}\n`,
  );
  return node;
}
