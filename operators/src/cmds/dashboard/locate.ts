/**
 * Where a running scheduler's dashboard is: the scheduler writes its URL to `<dataDir>/dashboard.url`
 * when the dashboard starts (and removes it on stop). A devnet keeps the scheduler's data under
 * `<devnet>/scheduler/`.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { PadMeshError } from "@padmesh/proto";

export class DashboardNotFoundError extends PadMeshError {
  constructor(message: string) {
    super("ERR_DASHBOARD_NOT_FOUND", message);
  }
}

async function readUrl(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The dashboard URL for `dataDir` (a scheduler's or a devnet's), or the newest devnet's under `root/.data`. */
export async function locateDashboard(opts: { dataDir?: string | undefined; root: string }): Promise<string> {
  if (opts.dataDir) {
    for (const f of [join(opts.dataDir, "dashboard.url"), join(opts.dataDir, "scheduler", "dashboard.url")]) {
      const url = await readUrl(f);
      if (url) return url;
    }
    throw new DashboardNotFoundError(
      `no dashboard.url in ${opts.dataDir}: is the scheduler running with its dashboard enabled?`,
    );
  }
  const base = join(opts.root, ".data");
  const dirs = (await readdir(base).catch(() => [] as string[])).filter((d) => d.startsWith("devnet-"));
  const found: { url: string; mtimeMs: number }[] = [];
  for (const d of dirs) {
    const file = join(base, d, "scheduler", "dashboard.url");
    const url = await readUrl(file);
    if (url) found.push({ url, mtimeMs: (await stat(file)).mtimeMs });
  }
  found.sort((a, b) => b.mtimeMs - a.mtimeMs);
  const newest = found[0];
  if (!newest) {
    throw new DashboardNotFoundError(
      `no running devnet under ${base}: start one (npx padmesh devnet) or pass --data-dir <scheduler data dir>`,
    );
  }
  return newest.url;
}
