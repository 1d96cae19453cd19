/**
 * Brings up a whole local mesh: chain, contracts, funded and staked operators and verifier, one
 * scheduler and the workers, each a separate process on 127.0.0.1 with its own data directory.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import {
  type Deployment,
  deployMesh,
  operatorRegistryAbi,
  type ParamValues,
  padTokenAbi,
  writeDeployment,
} from "@padmesh/contracts";
import { loadOrCreatePeerKey } from "@padmesh/proto";
import { type Hex, parseEther } from "viem";
import { type DevChain, HARDHAT_DEV_KEY, startDevChain } from "./chain.js";
import { createDevKey, type DevKey } from "./keys.js";
import { type ManagedProcess, spawnManaged, tsxCommand } from "./processes.js";

const REPO = join(import.meta.dirname, "../../..");
export const PAD = 10n ** 18n;

export type DevRole = "compute" | "execution" | "coordination" | "verification";

export interface WorkerSpec {
  name: string;
  roles: DevRole[];
  /** PAD wei per fuel unit for every role it offers. */
  pricePerFuel: bigint;
  dishonestRate?: number;
  /** With dishonestRate: honest up to this session sequence (so it is paid before it lies). */
  dishonestAfterSequence?: number;
}

export interface DevnetOptions {
  dataDir: string;
  workers: WorkerSpec[];
  /** First of a range of ports the devnet may use on 127.0.0.1. */
  basePort: number;
  /** MeshParams values on top of the devnet defaults. */
  params?: ParamValues;
  stakePerOperator?: bigint;
  projectFunds?: bigint;
  logLevel?: string;
  onProgress?: (message: string) => void;
}

export interface DevWorker {
  spec: WorkerSpec;
  key: DevKey;
  peerId: string;
  dataDir: string;
  configFile: string;
  process: ManagedProcess;
  /** Restart after a stop or kill (same data dir, key and config). */
  restart(): Promise<ManagedProcess>;
}

export interface Devnet {
  dataDir: string;
  chain: DevChain;
  deployment: Deployment;
  deploymentFile: string;
  project: DevKey;
  scheduler: {
    process: ManagedProcess;
    grpc: string;
    multiaddrs: string[];
    restart(): Promise<ManagedProcess>;
  };
  workers: DevWorker[];
  /** Gas used by the devnet's own setup transactions (deploy, fund, stake). */
  setupGas: bigint;
  stop(): Promise<void>;
}

const ROLE_BITS: Record<DevRole, number> = { compute: 1, execution: 2, coordination: 4, verification: 8 };

export async function startDevnet(opts: DevnetOptions): Promise<Devnet> {
  const say = opts.onProgress ?? (() => {});
  const logDir = join(opts.dataDir, "logs");
  await mkdir(logDir, { recursive: true });
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => {});
  };
  try {
    say("starting the local chain (Hardhat network)");
    const chain = await startDevChain({ port: opts.basePort, logDir });
    stoppers.push(() => chain.process.stop());
    const admin = chain.walletFor(HARDHAT_DEV_KEY);
    let setupGas = 0n;
    const send = async (hash: Hex) => {
      const r = await chain.publicClient.waitForTransactionReceipt({ hash });
      if (r.status !== "success") throw new Error(`setup transaction ${hash} reverted`);
      setupGas += r.gasUsed;
    };

    say("deploying PadToken, MeshParams, Governor + Timelock, OperatorRegistry, SessionEscrow");
    const deployment = await deployMesh(
      { walletClient: admin, publicClient: chain.publicClient },
      { params: opts.params },
    );
    const deploymentFile = await writeDeployment(join(opts.dataDir, "deployments"), deployment);

    const keysDir = join(opts.dataDir, "keys");
    const project = await createDevKey(keysDir, "project");
    const stake = opts.stakePerOperator ?? 1_000n * PAD;
    const workers: Omit<DevWorker, "process" | "restart">[] = [];
    for (const spec of opts.workers) {
      const key = await createDevKey(keysDir, spec.name);
      const dataDir = join(opts.dataDir, spec.name);
      await mkdir(dataDir, { recursive: true });
      const peerId = peerIdFromPrivateKey(await loadOrCreatePeerKey(join(dataDir, "peer.key"))).toString();
      workers.push({ spec, key, peerId, dataDir, configFile: join(dataDir, "config.json") });
    }

    say(`funding ${workers.length} operators and the project with ETH and PAD`);
    for (const who of [project, ...workers.map((w) => w.key)]) {
      await send(await admin.sendTransaction({ to: who.address, value: parseEther("10") }));
      const amount = who === project ? (opts.projectFunds ?? 100_000n * PAD) : stake;
      await send(
        await admin.writeContract({
          address: deployment.contracts.padToken,
          abi: padTokenAbi,
          functionName: "transfer",
          args: [who.address, amount],
        }),
      );
    }

    say("staking and registering operators in the OperatorRegistry");
    for (const w of workers) {
      const wallet = chain.walletFor(w.key.key);
      await send(
        await wallet.writeContract({
          address: deployment.contracts.padToken,
          abi: padTokenAbi,
          functionName: "approve",
          args: [deployment.contracts.operatorRegistry, stake],
        }),
      );
      const roles = w.spec.roles.reduce((bits, r) => bits | ROLE_BITS[r], 0);
      await send(
        await wallet.writeContract({
          address: deployment.contracts.operatorRegistry,
          abi: operatorRegistryAbi,
          functionName: "register",
          args: [w.peerId, roles, stake],
        }),
      );
    }

    say("starting the scheduler");
    const schedDir = join(opts.dataDir, "scheduler");
    await mkdir(schedDir, { recursive: true });
    const schedConfig = join(schedDir, "config.json");
    await writeFile(
      schedConfig,
      JSON.stringify(
        {
          dataDir: schedDir,
          grpc: { host: "127.0.0.1", port: opts.basePort + 1 },
          metrics: { host: "127.0.0.1", port: opts.basePort + 2 },
          p2p: { listen: [`/ip4/127.0.0.1/tcp/${opts.basePort + 3}`] },
          chain: { rpcUrl: chain.rpcUrl, deployment: deploymentFile, pollingIntervalMs: 250 },
          log: { level: opts.logLevel ?? "info" },
        },
        null,
        2,
      ),
    );
    const schedCmd = tsxCommand(join(REPO, "scheduler/src/bin/scheduler.ts"));
    const startScheduler = () =>
      spawnManaged({
        name: "scheduler",
        ...schedCmd,
        args: [...schedCmd.args, "--config", schedConfig],
        logDir,
      });
    const schedProc = await startScheduler();
    const scheduler = {
      process: schedProc,
      grpc: String(schedProc.ready.grpc),
      multiaddrs: (schedProc.ready.multiaddrs as string[]) ?? [],
      async restart() {
        scheduler.process = await startScheduler();
        return scheduler.process;
      },
    };
    stoppers.push(() => scheduler.process.stop());

    say(`starting ${workers.length} worker nodes`);
    const nodeCmd = tsxCommand(join(REPO, "node/src/bin/worker.ts"));
    const started: DevWorker[] = [];
    let port = opts.basePort + 10;
    for (const w of workers) {
      const p2pPort = port++;
      const metricsPort = port++;
      await writeFile(
        w.configFile,
        JSON.stringify(
          {
            dataDir: w.dataDir,
            operatorKeyFile: w.key.file,
            region: "local",
            roles: w.spec.roles,
            prices: Object.fromEntries(w.spec.roles.map((r) => [r, w.spec.pricePerFuel.toString()])),
            network: { listen: [`/ip4/127.0.0.1/tcp/${p2pPort}`], bootstrap: scheduler.multiaddrs },
            adverts: { intervalMs: 2_000 },
            metrics: { host: "127.0.0.1", port: metricsPort },
            chain: { rpcUrl: chain.rpcUrl, deployment: deploymentFile },
            log: { level: opts.logLevel ?? "info" },
            faults: {
              dishonestRate: w.spec.dishonestRate ?? 0,
              dishonestAfterSequence: w.spec.dishonestAfterSequence ?? 0,
            },
          },
          null,
          2,
        ),
      );
      const start = () =>
        spawnManaged({
          name: w.spec.name,
          ...nodeCmd,
          args: [...nodeCmd.args, "--config", w.configFile],
          logDir,
        });
      const worker: DevWorker = {
        ...w,
        process: await start(),
        async restart() {
          worker.process = await start();
          return worker.process;
        },
      };
      stoppers.push(() => worker.process.stop());
      started.push(worker);
    }

    return {
      dataDir: opts.dataDir,
      chain,
      deployment,
      deploymentFile,
      project,
      scheduler,
      workers: started,
      setupGas,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
