import { join } from "node:path";
import { readDeployment } from "@padmesh/contracts";
import {
  createHardwareProbe,
  createLevelJournal,
  createViemChain,
  descriptorToJson,
  loadOperatorKey,
  parseWorkerFlags,
  runWorkerProcess,
  sweepClaims,
} from "@padmesh/node";
import type { NodeClaimCliOptions, NodeProbeCliOptions, NodeStartCliOptions } from "./options.js";

/** Map CLI options onto the worker's flag parser (one source of truth for flag → config). */
function toArgv(opts: NodeStartCliOptions): string[] {
  const argv: string[] = [];
  const one = (flag: string, v: string | undefined) => {
    if (v !== undefined) argv.push(`--${flag}`, v);
  };
  one("config", opts.config);
  one("data-dir", opts.dataDir);
  one("operator-key-file", opts.operatorKeyFile);
  one("roles", opts.roles);
  one("region", opts.region);
  for (const l of opts.listen ?? []) one("listen", l);
  for (const b of opts.bootstrap ?? []) one("bootstrap", b);
  if (opts.mdns) argv.push("--mdns");
  one("metrics-port", opts.metricsPort);
  one("rpc-url", opts.rpcUrl);
  one("deployment", opts.deployment);
  one("probe-target", opts.probeTarget);
  one("dishonest-rate", opts.dishonestRate);
  one("log-level", opts.logLevel);
  return argv;
}

/** `padmesh node start`: run a worker in this process until SIGINT/SIGTERM. */
export async function nodeStartHandler(opts: NodeStartCliOptions): Promise<void> {
  const { configFile, flags } = parseWorkerFlags(toArgv(opts));
  await runWorkerProcess({ configFile, env: process.env, flags });
}

/** `padmesh node probe`: probe this machine once and print the descriptor. */
export async function nodeProbeHandler(opts: NodeProbeCliOptions): Promise<void> {
  const probe = createHardwareProbe(
    {},
    { region: opts.region ?? "local", bandwidthTarget: opts.probeTarget, dataDir: opts.dataDir },
  );
  const d = descriptorToJson(await probe.probe());
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(d)}\n`);
    return;
  }
  const gpus = (d.gpus as Array<{ vendor: string; model: string; vramBytes: string; count: number }>)
    .map((g) => `${g.count}× ${g.vendor} ${g.model} (${(Number(g.vramBytes) / 2 ** 30).toFixed(1)} GiB)`)
    .join(", ");
  process.stdout.write(
    [
      `cpu        ${d.cpuCores} cores, ${d.cpuModel}`,
      `ram        ${(Number(d.ramBytes) / 2 ** 30).toFixed(1)} GiB`,
      `gpus       ${gpus || "none"}`,
      `disk       ${(Number(d.diskBytes) / 2 ** 30).toFixed(1)} GiB free`,
      `bandwidth  up ${(Number(d.bandwidthUpBps) / 1e6).toFixed(0)} Mbit/s, down ${(Number(d.bandwidthDownBps) / 1e6).toFixed(0)} Mbit/s (${d.bandwidthSource})`,
      probe.lastBandwidthError ? `           (${probe.lastBandwidthError})` : "",
    ]
      .filter(Boolean)
      .join("\n")
      .concat("\n"),
  );
}

/**
 * `padmesh node claim`: with the node stopped, claim every ended lease's journalled voucher that
 * was never claimed and finalize the claims whose challenge window has passed.
 */
export async function nodeClaimHandler(opts: NodeClaimCliOptions): Promise<void> {
  const deployment = await readDeployment(opts.deployment);
  const key = await loadOperatorKey({ keyFile: opts.operatorKeyFile, env: process.env });
  const chain = createViemChain({
    rpcUrl: opts.rpcUrl ?? "http://127.0.0.1:8545",
    chainId: deployment.chainId,
    operatorRegistry: deployment.contracts.operatorRegistry,
    sessionEscrow: deployment.contracts.sessionEscrow,
    meshParams: deployment.contracts.meshParams,
    privateKey: key,
  });
  const journal = createLevelJournal({ path: join(opts.dataDir, "journal") });
  await journal.open(); // fails while the node runs: LevelDB holds a lock
  try {
    const r = await sweepClaims({ journal, submitter: chain });
    if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      process.stdout.write(
        `claimed ${r.claimed.length}, finalized ${r.finalized.length}, in challenge window ${r.waiting.length}, failed ${r.failed.length}\n`,
      );
      for (const f of r.failed) process.stdout.write(`  ${f.lease}: ${f.error}\n`);
    }
    if (r.failed.length > 0) process.exitCode = 1;
  } finally {
    await journal.close();
  }
}
