/**
 * A progress bar on stderr for multi-step chain work (transactions, scans, re-executions). Drawn
 * only on a terminal and never with --json, so piped output stays clean.
 */
import { SingleBar } from "cli-progress";

export interface Progress {
  /** Advance by one and show what is being done. */
  tick(label: string): void;
  stop(): void;
}

export function createProgress(total: number, opts: { json: boolean; title: string }): Progress {
  const enabled = !opts.json && process.stderr.isTTY === true && total > 1;
  if (!enabled) return { tick() {}, stop() {} };
  const bar = new SingleBar({
    format: `${opts.title} [{bar}] {value}/{total} {label}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(total, 0, { label: "" });
  return {
    tick(label) {
      bar.increment(1, { label });
    },
    stop() {
      bar.stop();
    },
  };
}
