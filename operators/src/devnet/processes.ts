/**
 * Child processes of a devnet (or a chaos drill): spawned with their output captured to log files,
 * ready when they print a `{"event":"ready",...}` JSON line, stopped with SIGTERM (then SIGKILL).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { PadMeshError } from "@padmesh/proto";

export class ProcessStartError extends PadMeshError {
  constructor(name: string, reason: string, logFile: string) {
    super("ERR_PROCESS_START", `${name} did not start: ${reason}`, { details: `see its log: ${logFile}` });
  }
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** The parsed ready line. */
  readonly ready: Record<string, unknown>;
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(timeoutMs?: number): Promise<void>;
  kill9(): void;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  logDir: string;
  env?: Record<string, string>;
  cwd?: string;
  readyTimeoutMs?: number;
  /** Recognise readiness from a line other than a JSON ready event (e.g. a chain's banner). */
  readyWhen?: (line: string) => Record<string, unknown> | undefined;
}

/**
 * Run a TypeScript entry point with tsx on the same Node binary as this process (never whatever
 * `node` is first on PATH: the mesh needs Node ≥ 22.13).
 */
export function tsxCommand(entry: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--import", "tsx", entry] };
}

export async function spawnManaged(opts: SpawnOptions): Promise<ManagedProcess> {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = join(opts.logDir, `${opts.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });

  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ProcessStartError(opts.name, "no ready line in time", logFile)),
      opts.readyTimeoutMs ?? 60_000,
    );
    const lines = createInterface({ input: child.stdout! });
    let done = false;
    lines.on("line", (line) => {
      log.write(`${line}\n`);
      if (done) return;
      let ev: Record<string, unknown> | undefined = opts.readyWhen?.(line);
      if (!ev && line.startsWith("{")) {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (parsed.event === "ready") ev = parsed;
        } catch {
          // not JSON: an ordinary log line
        }
      }
      if (ev) {
        done = true;
        clearTimeout(timer);
        resolve(ev);
      }
    });
    exited.then(({ code, signal }) => {
      if (done) return;
      clearTimeout(timer);
      reject(new ProcessStartError(opts.name, `exited (${code ?? signal}) before it was ready`, logFile));
    });
  }).catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });

  return {
    name: opts.name,
    child,
    logFile,
    ready,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
      log.end();
    },
    kill9() {
      child.kill("SIGKILL");
    },
  };
}
