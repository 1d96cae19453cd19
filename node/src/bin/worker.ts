/**
 * Runnable worker: `tsx node/src/bin/worker.ts --data-dir ./data [flags]`.
 * Loads config (file < env < flags), starts the node, prints one JSON line on stdout when ready:
 *   {"event":"ready","peerId":...,"multiaddrs":[...],"metrics":"http://127.0.0.1:PORT/metrics"}
 * Logs are JSON (pino) on stderr. SIGINT/SIGTERM stop it cleanly (journal flushed and closed).
 */
import pino from "pino";
import { resolveChain } from "../config/domain.js";
import { loadNodeConfig } from "../config/load.js";
import { loadOperatorSigner } from "../config/operator-key.js";
import { createWorkerNode } from "../worker-node.js";
import { createChainClients } from "./chain.js";
import { parseWorkerFlags } from "./flags.js";

async function main(): Promise<void> {
  const { configFile, flags } = parseWorkerFlags(process.argv.slice(2));
  const config = await loadNodeConfig({ file: configFile, env: process.env, flags });
  const logger = pino({ level: config.log.level, base: { service: "padmesh-node" } }, pino.destination(2));
  const signer = await loadOperatorSigner({ keyFile: config.operatorKeyFile, env: process.env });
  const chain = await resolveChain(config);
  if (chain.dev) logger.warn("no chain configured: signing under the local dev EIP-712 domain");
  const clients = await createChainClients(config, chain, signer, logger);
  const node = createWorkerNode({ signer, domain: chain.domain, logger, ...clients }, config);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    node
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err: (err as Error).message }, "unclean shutdown");
        process.exit(1);
      });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  await node.start();
  const s = node.status();
  process.stdout.write(
    `${JSON.stringify({ event: "ready", peerId: s.peerId, multiaddrs: s.multiaddrs, metrics: s.metrics ?? null, operator: signer.address })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(
    `${JSON.stringify({ level: 60, msg: "worker failed to start", code: err?.code, err: err?.message })}\n`,
  );
  process.exit(1);
});
