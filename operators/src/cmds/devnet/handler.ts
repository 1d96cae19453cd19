import { join } from "node:path";
import { PadMeshError } from "@padmesh/proto";
import { runDemo } from "../../devnet/demo.js";
import { startDevnet } from "../../devnet/mesh.js";
import { summaryJson, summaryTable } from "../../devnet/summary.js";
import { devnetParams, devnetWorkers } from "../../devnet/topology.js";
import type { DevnetCliOptions } from "./options.js";

const REPO = join(import.meta.dirname, "../../../..");

export class DevnetOptionError extends PadMeshError {
  constructor(message: string) {
    super("ERR_DEVNET_OPTION", message);
  }
}

function intOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new DevnetOptionError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

export async function devnetHandler(opts: DevnetCliOptions): Promise<void> {
  const t0 = performance.now();
  const steps = intOption("steps", opts.steps, 1, 1_000_000);
  const concurrency = intOption("concurrency", opts.concurrency, 1, 1024);
  const basePort = intOption("base-port", opts.basePort, 1024, 65_000);
  const dataDir =
    opts.dataDir ?? join(REPO, ".data", `devnet-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  // Progress goes to stderr so that stdout stays clean for --json.
  const say = (m: string) => process.stderr.write(`» ${m}\n`);

  const devnet = await startDevnet({
    dataDir,
    workers: devnetWorkers({ dishonest: opts.dishonest }),
    basePort,
    logLevel: opts.logLevel,
    params: devnetParams({ dishonest: opts.dishonest }),
    onProgress: say,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say("stopping the devnet");
    await devnet.stop();
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  process.once("SIGTERM", () => void stop().then(() => process.exit(143)));

  try {
    say(
      `mesh is up: scheduler gRPC ${devnet.scheduler.grpc}, ${devnet.workers.length} workers, logs in ${join(dataDir, "logs")}`,
    );
    if (devnet.scheduler.process.ready.dashboard) {
      say(
        `dashboard ${String(devnet.scheduler.process.ready.dashboard)} (open it to watch the session live)`,
      );
    }
    if (!opts.demo) {
      printConnectionHelp(devnet, dataDir);
      await new Promise(() => {}); // run until SIGINT/SIGTERM
    }
    let lastShown = 0;
    const result = await runDemo(devnet, {
      steps,
      concurrency,
      positions: 100,
      depositPad: 1_000n,
      maxPricePerFuel: 100_000_000_000n,
      say,
      onProgress: (done, total) => {
        if (done - lastShown >= Math.max(1, Math.floor(total / 10)) || done === total) {
          lastShown = done;
          say(`steps ${done}/${total}`);
        }
      },
    });
    const wallS = (performance.now() - t0) / 1000;
    if (opts.json) console.log(JSON.stringify(summaryJson(result, wallS)));
    else console.log(summaryTable(result, wallS));
    if (opts.keep) {
      printConnectionHelp(devnet, dataDir);
      await new Promise(() => {});
    }
  } finally {
    await stop();
  }
}

function printConnectionHelp(devnet: Awaited<ReturnType<typeof startDevnet>>, dataDir: string): void {
  console.log(
    [
      "",
      "The devnet is running. Point the SDK at it:",
      `  scheduler gRPC   ${devnet.scheduler.grpc}`,
      `  dashboard        ${String(devnet.scheduler.process.ready.dashboard ?? "(disabled)")}`,
      `  chain RPC        ${devnet.chain.rpcUrl} (chain id ${devnet.deployment.chainId})`,
      `  deployment       ${devnet.deploymentFile}`,
      `  project key      ${devnet.project.file} (funded with PAD; never reuse outside this devnet)`,
      `  logs             ${join(dataDir, "logs")}`,
      "See docs/sdk.md for a session in your own code. Ctrl-C stops everything.",
    ].join("\n"),
  );
}
