/**
 * Start the real worker binary as a child process (bundled once with esbuild so each start
 * costs ~0.5 s instead of tsx's ~2 s) and wait for its `{"event":"ready"}` line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./bundle.js";

export interface ReadyLine {
  event: "ready";
  peerId: string;
  multiaddrs: string[];
  metrics: string | null;
  operator: string;
}

export interface WorkerProcess {
  proc: ChildProcess;
  ready: ReadyLine;
  stderr(): string;
}

let bundled: Promise<string> | undefined;

/** The worker binary bundled to node/.test-build/worker.mjs (once per test process). */
export function workerScript(): Promise<string> {
  bundled ??= (async () => {
    const here = fileURLToPath(new URL(".", import.meta.url));
    const out = join(here, "../../.test-build");
    // The runtime's step workers start from `step-worker-bootstrap.mjs` next to the code that
    // spawns them: bundle the step worker too and give it a bootstrap that needs no tsx.
    const runtimeSrc = dirname(fileURLToPath(import.meta.resolve("@padmesh/runtime")));
    await bundleEntry(join(runtimeSrc, "worker/step-worker.ts"), join(out, "step-worker.mjs"));
    await writeFile(join(out, "step-worker-bootstrap.mjs"), 'await import("./step-worker.mjs");\n');
    // The signing thread's plain-JS entry, next to the bundle as next to thread-signer.ts.
    await copyFile(join(here, "../signing/sign-worker.mjs"), join(out, "sign-worker.mjs"));
    return bundleEntry(join(here, "../bin/worker.ts"), join(out, "worker.mjs"));
  })();
  return bundled;
}

export async function startWorker(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
  /** Flags for node itself (e.g. V8 memory flags). */
  nodeArgs: string[] = [],
): Promise<WorkerProcess> {
  const script = await workerScript();
  const proc = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  proc.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`worker not ready in ${timeoutMs} ms:\n${err.slice(-2000)}`)),
      timeoutMs,
    );
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.includes('"event":"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as ReadyLine);
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before ready:\n${err.slice(-2000)}`));
    });
  });
  return { proc, ready, stderr: () => err };
}

/** SIGKILL and wait for the exit. */
export async function killHard(w: WorkerProcess): Promise<void> {
  if (w.proc.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    w.proc.once("exit", () => resolve());
    w.proc.kill("SIGKILL");
  });
}

/** SIGTERM and wait for a clean exit; returns the exit code. */
export async function stopGracefully(w: WorkerProcess): Promise<number | null> {
  if (w.proc.exitCode !== null) return w.proc.exitCode;
  return new Promise((resolve) => {
    w.proc.once("exit", (code) => resolve(code));
    w.proc.kill("SIGTERM");
  });
}

/** Read one metric's value (first matching sample) from a /metrics URL. */
export async function readMetric(
  url: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(url)).text();
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.split(" ").at(-1));
  }
  return 0;
}
