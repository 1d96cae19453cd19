import { PadMeshError } from "@padmesh/proto";
import type { ChaosCliOptions } from "./options.js";

export class ChaosOptionError extends PadMeshError {
  constructor(message: string) {
    super("ERR_CHAOS_OPTION", message);
  }
}

/** `padmesh chaos` needs `@padmesh/chaos`, an optional peer of this package, and it is not installed. */
export class ChaosNotInstalledError extends PadMeshError {
  constructor(cause: unknown) {
    super(
      "ERR_CHAOS_NOT_INSTALLED",
      "padmesh chaos needs the @padmesh/chaos package; install it beside this one",
      {
        cause,
      },
    );
  }
}

/**
 * @padmesh/chaos builds on this package's devnet, so it cannot be a dependency of this package
 * (a cycle): it is an optional peer, loaded only when `padmesh chaos` runs.
 */
async function loadChaos(): Promise<typeof import("@padmesh/chaos")> {
  try {
    return await import("@padmesh/chaos");
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_MODULE_NOT_FOUND") throw new ChaosNotInstalledError(err);
    throw err;
  }
}

export async function chaosHandler(drillNames: string[], opts: ChaosCliOptions): Promise<void> {
  const { aggregateReports, DRILLS, drillByName, reportJson, reportTable, runDrills } = await loadChaos();
  const names =
    drillNames.length === 0 || drillNames.includes("all") ? DRILLS.map((d) => d.name) : drillNames;
  const drills = names.map((n) => {
    const d = drillByName(n);
    if (!d)
      throw new ChaosOptionError(
        `unknown drill "${n}"; one of: ${DRILLS.map((x) => x.name).join(", ")}, all`,
      );
    return d;
  });
  const basePort = Number(opts.basePort);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 64_000) {
    throw new ChaosOptionError(`--base-port must be an integer from 1024 to 64000, got "${opts.basePort}"`);
  }
  const seed = opts.seed === undefined ? undefined : Number(opts.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new ChaosOptionError(`--seed must be an integer`);
  const params: Record<string, bigint> = {};
  for (const p of opts.param) {
    const m = /^([\w.]+)=(\d+)$/.exec(p);
    if (!m) throw new ChaosOptionError(`--param takes name=integer, got "${p}"`);
    params[m[1]!] = BigInt(m[2]!);
  }
  const reports = await runDrills({
    params,
    drills,
    full: opts.full,
    basePort,
    seed,
    dataDir: opts.dataDir,
    keepData: opts.keepData,
    logLevel: opts.logLevel,
    partitionMode: opts.partitionMode,
    say: (m) => process.stderr.write(`» ${m}\n`),
    onReport: (r) => console.log(opts.json ? reportJson(r) : `\n${reportTable(r)}\n`),
  });
  if (opts.json && reports.length > 1) console.log(JSON.stringify(aggregateReports(reports)));
  if (!reports.every((r) => r.ok)) process.exitCode = 1;
}
