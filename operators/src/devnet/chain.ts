/**
 * The devnet's chain: Hardhat's network as a JSON-RPC server in its own process on 127.0.0.1,
 * started with the shared launcher's command (`@padmesh/contracts/testing`) under the devnet's
 * process manager (log file, stop with the rest), plus the shared clients and test-chain
 * controls (advancing time past the challenge window).
 */
import {
  connectLocalChain,
  HARDHAT_DEV_KEY,
  hardhatNodeCommand,
  type LocalChain,
} from "@padmesh/contracts/testing";
import { type ManagedProcess, spawnManaged } from "./processes.js";

export { HARDHAT_DEV_KEY };

export interface DevChain extends LocalChain {
  readonly rpcUrl: string;
  process: ManagedProcess;
}

export async function startDevChain(opts: { port: number; logDir: string }): Promise<DevChain> {
  const cmd = hardhatNodeCommand(opts.port);
  const proc = await spawnManaged({
    name: "chain",
    command: cmd.command,
    args: cmd.args,
    cwd: cmd.cwd,
    logDir: opts.logDir,
    readyTimeoutMs: 120_000,
    readyWhen: (line) => {
      const rpcUrl = cmd.readyUrl(line);
      return rpcUrl ? { event: "ready", rpcUrl } : undefined;
    },
  });
  const rpcUrl = String(proc.ready.rpcUrl);
  return { ...connectLocalChain({ rpcUrl }), rpcUrl, process: proc };
}
