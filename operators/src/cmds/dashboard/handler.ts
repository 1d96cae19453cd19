import { join } from "node:path";
import { DashboardNotFoundError, locateDashboard } from "./locate.js";
import type { DashboardCliOptions } from "./options.js";

const REPO = join(import.meta.dirname, "../../../..");

interface SnapshotSummary {
  nodes: { up: boolean }[];
  sessions: { state: string }[];
  alarms: { active: { kind: string; message: string }[] };
}

/** Print the running scheduler's dashboard URL, after checking it answers. */
export async function dashboardHandler(opts: DashboardCliOptions): Promise<void> {
  const url = await locateDashboard({ dataDir: opts.dataDir, root: process.cwd() }).catch(async (err) => {
    // Run from elsewhere than the repository root: look beside the CLI's own checkout too.
    if (opts.dataDir || !(err instanceof DashboardNotFoundError)) throw err;
    return locateDashboard({ root: REPO });
  });
  let snap: SnapshotSummary;
  try {
    const res = await fetch(new URL("api/snapshot", url), { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    snap = (await res.json()) as SnapshotSummary;
  } catch (err) {
    throw new DashboardNotFoundError(
      `${url} does not answer (${(err as Error).message}): the scheduler that wrote it has stopped`,
    );
  }
  const summary = {
    url,
    nodesUp: snap.nodes.filter((n) => n.up).length,
    openSessions: snap.sessions.filter((s) => s.state === "open").length,
    activeAlarms: snap.alarms.active.length,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  process.stdout.write(`${url}\n`);
  process.stderr.write(
    `» ${summary.nodesUp} nodes up, ${summary.openSessions} open sessions, ${summary.activeAlarms} active alarms\n`,
  );
  for (const a of snap.alarms.active) process.stderr.write(`» alarm ${a.kind}: ${a.message}\n`);
}
