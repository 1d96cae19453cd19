/**
 * Hardhat's network as a JSON-RPC server in its own process on 127.0.0.1 (`hardhat node`): how
 * to launch it, and a minimal launcher for tests. The devnet launches the same command through
 * its own process manager (log files, restarts); see `hardhatNodeCommand`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";
import { LocalChainStartError } from "./errors.js";

/** The repository root: where `hardhat.config.ts` is, so `hardhat node` must run there. */
const REPO_ROOT = join(import.meta.dirname, "../../..");

/**
 * Hardhat's first development account: publicly known, pre-funded on every Hardhat network, and
 * only ever used to deploy and fund throw-away local chains.
 */
export const HARDHAT_DEV_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

export interface HardhatNodeCommand {
  command: string;
  args: string[];
  cwd: string;
  /** The RPC URL the node listens on, read from its banner line; undefined for other lines. */
  readyUrl(line: string): string | undefined;
}

/**
 * The command line of `hardhat node` on 127.0.0.1 at `port` (0: a free port, read back from the
 * banner), run by this process's Node binary (the chain needs Node ≥ 22.13, not whatever `node`
 * is first on PATH).
 */
export function hardhatNodeCommand(port = 0): HardhatNodeCommand {
  const cli = join(dirname(fileURLToPath(import.meta.resolve("hardhat"))), "cli.js");
  return {
    command: process.execPath,
    args: [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)],
    cwd: REPO_ROOT,
    readyUrl(line) {
      const m = /Started HTTP.*?(http:\/\/[\w.]+:\d+)/.exec(line);
      return m?.[1];
    },
  };
}

export interface HardhatNode {
  readonly rpcUrl: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once it has exited. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartHardhatNodeOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Append the node's output to this file (it logs every RPC call); by default it is dropped. */
  logFile?: string;
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Start `hardhat node` and resolve once it serves JSON-RPC. */
export async function startHardhatNode(opts: StartHardhatNodeOptions = {}): Promise<HardhatNode> {
  opts.signal?.throwIfAborted();
  const cmd = hardhatNodeCommand(opts.port);
  const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (opts.logFile) mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = opts.logFile ? createWriteStream(opts.logFile, { flags: "a" }) : undefined;
  const tail: string[] = [];
  const keep = (line: string) => {
    log?.write(`${line}\n`);
    tail.push(line);
    if (tail.length > 30) tail.shift();
  };
  // Both pipes are read to the end, always: the node logs every call, and a full pipe blocks it.
  createInterface({ input: child.stderr! }).on("line", keep);
  const lines = createInterface({ input: child.stdout! });
  const stop = async (timeoutMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    log?.end();
  };
  try {
    const rpcUrl = await new Promise<string>((resolve, reject) => {
      const fail = (reason: string) => reject(new LocalChainStartError(reason, tail.join("\n")));
      const timer = setTimeout(() => fail("no banner in time"), opts.readyTimeoutMs ?? 120_000);
      const onAbort = () => fail("aborted");
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
      };
      lines.on("line", (line) => {
        keep(line);
        const url = cmd.readyUrl(line);
        if (url) {
          settle();
          resolve(url);
        }
      });
      exited.then(() => {
        settle();
        fail(`exited (${child.exitCode ?? child.signalCode}) before it was ready`);
      });
    });
    return { rpcUrl, child, exited, stop };
  } catch (err) {
    await stop(1_000);
    throw err;
  }
}
