/**
 * Watches a devnet's processes for the drill: a process that exits without the drill having
 * killed or stopped it is a crash; resident memory (VmRSS from /proc) is sampled on an interval.
 * The drill kills through this watch (`kill9`, `stop`, `pause`) so intended deaths are known.
 */
import { readFile } from "node:fs/promises";
import type { Devnet, ManagedProcess } from "@padmesh/operators";

export interface ProcessWatch {
  /** Track a (re)started process under a stable name. */
  track(name: string, proc: ManagedProcess): void;
  kill9(name: string): void;
  stop(name: string): Promise<void>;
  /** Freeze (SIGSTOP) or thaw (SIGCONT) a process: its sockets stay open but go silent. */
  pause(name: string): void;
  resume(name: string): void;
  /** Mark every tracked process as expected to exit (the drill is tearing the mesh down). */
  expectAllExits(): void;
  readonly crashes: { name: string; code: number | null; signal: string | null }[];
  /** Largest RSS seen per process name, in MB. */
  readonly maxRssMb: Map<string, number>;
  /** Sample RSS now (also done on the interval); returns MB by name. */
  sample(): Promise<Map<string, number>>;
  start(): void;
  stopSampling(): void;
}

export function watchDevnet(devnet: Devnet, opts: { sampleMs?: number } = {}): ProcessWatch {
  const procs = new Map<string, ManagedProcess>();
  const expected = new Set<ManagedProcess>();
  const crashes: ProcessWatch["crashes"] = [];
  const maxRssMb = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let tearingDown = false;

  const track = (name: string, proc: ManagedProcess) => {
    procs.set(name, proc);
    void proc.exited.then(({ code, signal }) => {
      if (tearingDown || expected.has(proc)) return;
      crashes.push({ name, code, signal });
    });
  };

  const sample = async () => {
    const now = new Map<string, number>();
    for (const [name, p] of procs) {
      const pid = p.child.pid;
      if (pid === undefined || p.child.exitCode !== null || p.child.signalCode !== null) continue;
      try {
        const status = await readFile(`/proc/${pid}/status`, "utf8");
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        const mb = kb / 1024;
        now.set(name, mb);
        if (mb > (maxRssMb.get(name) ?? 0)) maxRssMb.set(name, mb);
      } catch {
        // exited between the check and the read
      }
    }
    return now;
  };

  track("scheduler", devnet.scheduler.process);
  for (const w of devnet.workers) track(w.spec.name, w.process);

  const get = (name: string) => {
    const p = procs.get(name);
    if (!p) throw new Error(`no process named ${name}`);
    return p;
  };

  return {
    track,
    kill9(name) {
      const p = get(name);
      expected.add(p);
      p.kill9();
    },
    async stop(name) {
      const p = get(name);
      expected.add(p);
      await p.stop();
    },
    pause(name) {
      get(name).child.kill("SIGSTOP");
    },
    resume(name) {
      get(name).child.kill("SIGCONT");
    },
    expectAllExits() {
      tearingDown = true;
    },
    crashes,
    maxRssMb,
    sample,
    start() {
      timer = setInterval(() => void sample(), opts.sampleMs ?? 500);
      timer.unref();
    },
    stopSampling() {
      if (timer) clearInterval(timer);
    },
  };
}
