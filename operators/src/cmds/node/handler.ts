import { createHardwareProbe, descriptorToJson, parseWorkerFlags, runWorkerProcess } from "@padmesh/node";
import type { NodeProbeCliOptions, NodeStartCliOptions } from "./options.js";

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
